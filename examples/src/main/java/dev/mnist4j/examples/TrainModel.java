package dev.mnist4j.examples;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.Backend;
import dev.mnist4j.Backends;
import dev.mnist4j.DigitModel;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.TrainingListener;
import java.nio.file.Path;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Tutorial step 4, {@code RunTrainMnistModel}: SGD with learning rate 0.01, batches of 64, the loss
 * and accuracy of every epoch printed as the tutorial prints them, the test accuracy after each,
 * and the model saved.
 * <pre>./mnist4j example TrainModel [EPOCHS] [OUT.safetensors] [DATA_DIR]</pre>
 */
@API(status = INTERNAL)
public final class TrainModel {
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path out = Path.of(args.length > 1 ? args[1] : "models/mnist_model.safetensors");
        DataModule mnist = Examples.data(args, 2);
        Backend backend = Backends.best();
        try (DigitModel model = backend.newModel()) {
            System.out.println(
                    "------------------------- training on " + backend.name() + " -------------------------");
            model.newTrainer(TrainConfig.defaults().withEpochs(epochs))
                    .addListener(TrainingListener.onEpoch(r -> {
                        System.out.println(r.tutorialLine());
                        System.out.printf(
                                Locale.ROOT, "Test accuracy: %.3f%%%n", r.test().accuracy() * 100);
                    }))
                    .fit(mnist);
            model.save(out);
            System.out.println("Saved model to " + out);
        }
    }
}
