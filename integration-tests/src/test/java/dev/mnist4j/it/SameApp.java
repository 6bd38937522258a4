package dev.mnist4j.it;

import dev.mnist4j.Backend;
import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.train.EpochResult;
import dev.mnist4j.train.TrainConfig;

/**
 * An application that names no backend: it takes whatever {@link Backends#best()} finds. Run by
 * {@link ClasspathSwapTest} with different backend jars on its class path.
 */
public final class SameApp {
    public static void main(String[] args) {
        Backend backend = Backends.best();
        DataModule mnist = DataModules.mnist();
        // 20 batches of 64, the tutorial's recipe
        DataModule slice = DataModules.of(
                "first-1280", mnist.train().subset(0, 1280), mnist.test().subset(0, 10));
        try (DigitModel model = backend.newModel(ModelOptions.defaults().withThreads(1))) {
            EpochResult r = model.newTrainer(
                            TrainConfig.defaults().withEpochs(1).withEvaluateEachEpoch(false))
                    .fit(slice)
                    .get(0);
            System.out.printf(
                    java.util.Locale.ROOT, "backend=%s loss=%.4f (%s)%n", model.backend(), r.loss(), backend.version());
        }
    }
}
