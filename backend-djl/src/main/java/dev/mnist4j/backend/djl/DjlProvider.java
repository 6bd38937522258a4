package dev.mnist4j.backend.djl;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.Availability;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.ModelEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The backend {@value #NAME}: DJL with its PyTorch engine (libtorch 2.7.1). Loads libtorch on first
 * use, offline; CUDA devices are those libtorch reports (none with the CPU build from Maven).
 */
@API(status = INTERNAL)
public final class DjlProvider implements BackendProvider {
    public static final String NAME = "djl";

    @Override
    public String name() {
        return NAME;
    }

    /** Above cpu-ref: libtorch is the engine PyTorch itself runs on. */
    @Override
    public int priority() {
        return 20;
    }

    @Override
    public String version() {
        return "DJL " + ai.djl.engine.Engine.getDjlVersion() + ", libtorch "
                + LibTorch.engine().getVersion();
    }

    @Override
    public Availability availability() {
        return LibTorch.availability();
    }

    @Override
    public List<Device> devices() {
        List<Device> devices = new ArrayList<>(List.of(Device.CPU));
        int gpus = LibTorch.engine().getGpuCount();
        for (int i = 0; i < gpus; i++) {
            devices.add(Device.cuda(i));
        }
        return devices;
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
        return new DjlModel(state, device, threads);
    }
}
