package dev.mnist4j.backend.dl4j;

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

/**
 * The backend {@value #NAME}: Deeplearning4j 1.0.0-M2.1 on ND4J. The ND4J backend on the classpath
 * decides the devices: {@code nd4j-native} gives the CPU, {@code nd4j-cuda-11.6} its GPUs.
 */
@API(status = INTERNAL)
public final class Dl4jProvider implements BackendProvider {
    public static final String NAME = "dl4j";

    @Override
    public String name() {
        return NAME;
    }

    /** Below the others: DL4J is the slowest engine for this model. */
    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String version() {
        return "Deeplearning4j 1.0.0-M2.1, ND4J "
                + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName();
    }

    @Override
    public Availability availability() {
        return Nd4jRuntime.availability();
    }

    @Override
    public List<Device> devices() {
        return Nd4jRuntime.devices();
    }

    /**
     * Training is bit-for-bit repeatable on the CPU with a fixed thread count (the kit checks that a
     * resumed run ends on exactly the weights of an uninterrupted one); GPU kernels need not be, so
     * a build that sees a GPU does not claim it.
     */
    @Override
    public Set<Capability> capabilities() {
        boolean cpuOnly = availability().available() && devices().stream().allMatch(d -> d.kind() == Device.Kind.CPU);
        return cpuOnly
                ? Set.of(Capability.INFERENCE, Capability.TRAINING, Capability.DETERMINISTIC_TRAINING)
                : Set.of(Capability.INFERENCE, Capability.TRAINING);
    }

    @Override
    public ModelEngine open(StateDict state, Device device, int threads) {
        return new Dl4jModel(state, device, threads);
    }
}
