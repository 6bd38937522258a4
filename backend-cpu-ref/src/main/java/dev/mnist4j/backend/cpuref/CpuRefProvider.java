package dev.mnist4j.backend.cpuref;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.Availability;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.ModelEngine;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/** The pure-Java backend {@value #NAME}: always available, CPU only. */
@API(status = INTERNAL)
public final class CpuRefProvider implements BackendProvider {
    public static final String NAME = "cpu-ref";
    private final Kernels kernels;

    /** The provider {@link java.util.ServiceLoader} finds: the fastest kernels this JVM can run. */
    public CpuRefProvider() {
        this(Kernels.best());
    }

    CpuRefProvider(Kernels kernels) {
        this.kernels = kernels;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * 30 where the Vector API kernels run: then cpu-ref is the fastest backend on the CPU (4–5 times
     * djl with 512-bit vectors, 3 times with 256-bit, 1.5 times with 128-bit; see the README) and
     * runs when none is named, unless a backend sees a GPU. 10 with the plain-Java kernels, below
     * djl (20), which is then faster; so are kernels wider than the CPU's vectors, which only tests ask for.
     */
    @Override
    public int priority() {
        return kernels instanceof VectorKernels && !VectorKernels.emulated() ? 30 : 10;
    }

    /** The mnist4j version and which kernels compute (they depend on how Java was started). */
    @Override
    public String version() {
        return BackendProvider.super.version() + ", " + kernels.description();
    }

    @Override
    public Availability availability() {
        return Availability.AVAILABLE;
    }

    @Override
    public List<Device> devices() {
        return List.of(Device.CPU);
    }

    /** Training is bit-for-bit repeatable: fixed chunks of 16 images, their gradients summed in chunk order. */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.INFERENCE, Capability.TRAINING, Capability.DETERMINISTIC_TRAINING);
    }

    @Override
    public ModelEngine open(StateDict state, Device device, int threads) {
        return new CpuRefModel(state, threads, kernels);
    }
}
