package dev.mnist4j.examples;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.Backend;
import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.TrainingListener;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * The README's "Using it as a library", verbatim (a test checks that the README shows exactly the
 * lines between the markers, and runs this program): train the tutorial's CNN, save it, recognise
 * {@code digit.png}.
 * <pre>./mnist4j example LibraryExample</pre>
 */
@API(status = INTERNAL)
public final class LibraryExample {
    public static void main(String[] args) {
        // README:BEGIN
        Backend backend = Backends.best(); // or Backends.get("cpu-ref")
        DataModule mnist = DataModules.mnist(); // the embedded copy: no network
        try (DigitModel model = backend.newModel()) { // seed 42, device auto, all cores
            model.newTrainer(TrainConfig.defaults().withEpochs(5)) // SGD lr 0.01, batch 64
                    .addListener(TrainingListener.onEpoch(r -> System.out.println(r.tutorialLine())))
                    .fit(mnist);
            model.save(Path.of("models/mnist_model.safetensors"));
            Prediction p = model.newPredictor().predict(Path.of("digit.png"));
            System.out.println(p); // e.g. "7 (99.12%)"
        }
        // README:END
    }
}
