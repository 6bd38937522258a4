package dev.mnist4j.backend.dl4j;

import dev.mnist4j.BackendUnavailableException;
import dev.mnist4j.Device;
import dev.mnist4j.Mnist4jException;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.Availability;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.OptimizerConfig;
import java.util.List;

/**
 * The backend {@value #NAME}: Deeplearning4j 1.0.0-M2.1 on ND4J. The ND4J backend on the classpath
 * decides the devices: {@code nd4j-native} gives the CPU, {@code nd4j-cuda-11.6} its GPUs.
 */
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
        return "Deeplearning4j 1.0.0-M2.1, ND4J " + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName();
    }

    @Override
    public Availability availability() {
        return Nd4jRuntime.availability();
    }

    @Override
    public List<Device> devices() {
        requireAvailable();
        return Nd4jRuntime.devices();
    }

    @Override
    public DigitModel openModel(StateDict state, Device device, int threads) {
        requireAvailable();
        return new Dl4jModel(state, device, threads);
    }

    @Override
    public TrainingEngine trainingEngine(DigitModel model, OptimizerConfig optimizer) {
        if (!(model instanceof Dl4jModel m)) {
            throw new Mnist4jException("backend dl4j cannot train a '" + model.backend() + "' model");
        }
        return new Dl4jTrainingEngine(m, optimizer);
    }

    private void requireAvailable() {
        Availability a = availability();
        if (!a.available()) {
            throw new BackendUnavailableException("backend 'dl4j' is unavailable: " + a.reason());
        }
    }
}
