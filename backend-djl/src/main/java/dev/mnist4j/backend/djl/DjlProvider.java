package dev.mnist4j.backend.djl;

import dev.mnist4j.Device;
import dev.mnist4j.Mnist4jException;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.Availability;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.OptimizerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The backend {@value #NAME}: DJL with its PyTorch engine (libtorch 2.7.1). Loads libtorch on first
 * use, offline; CUDA devices are those libtorch reports (none with the CPU build from Maven).
 */
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
        return "DJL " + ai.djl.engine.Engine.getDjlVersion() + ", libtorch " + LibTorch.engine().getVersion();
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

    @Override
    public DigitModel openModel(StateDict state, Device device, int threads) {
        return new DjlModel(state, device, threads);
    }

    @Override
    public TrainingEngine trainingEngine(DigitModel model, OptimizerConfig optimizer) {
        if (!(model instanceof DjlModel m)) {
            throw new Mnist4jException("backend djl cannot train a '" + model.backend() + "' model");
        }
        return new DjlTrainingEngine(m, optimizer);
    }
}
