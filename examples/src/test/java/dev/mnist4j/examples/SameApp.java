package dev.mnist4j.examples;

import dev.mnist4j.Backends;
import dev.mnist4j.Device;
import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModules;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.OptimizerConfig;

/**
 * An application that names no backend: it takes whatever {@link Backends#best()} finds. Run by
 * {@link ClasspathSwapTest} with different backend jars on its class path.
 */
public final class SameApp {
    public static void main(String[] args) {
        BackendProvider backend = Backends.best();
        DataSet train = DataModules.mnist(DataOptions.defaults()).train();
        try (DigitModel model = backend.newModel(42, Device.AUTO, 1);
             TrainingEngine engine = backend.trainingEngine(model, OptimizerConfig.sgd(0.01))) {
            float loss = 0;
            for (int i = 0; i < 20; i++) {
                Batch b = train.slice(i * 64, 64);
                loss = engine.step(b, new float[640]);
            }
            System.out.printf("backend=%s loss=%.4f (%s)%n", model.backend(), loss, backend.version());
        }
    }
}
