package dev.mnist4j.examples;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.Backends;
import dev.mnist4j.DigitModel;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.train.Evaluation;
import java.nio.file.Path;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Tutorial step 5, {@code testModel}: load a saved model and measure it on the 10,000 test images.
 * <pre>./mnist4j example EvaluateModel [MODEL.safetensors] [DATA_DIR]</pre>
 */
@API(status = INTERNAL)
public final class EvaluateModel {
    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "models/mnist_model.safetensors");
        DataModule mnist = Examples.data(args, 1);
        try (DigitModel model = Backends.best().loadModel(file)) {
            Evaluation e = model.evaluate(mnist.test());
            System.out.printf(
                    Locale.ROOT,
                    "Test accuracy: %.3f%% on %,d images (model from %s)%n",
                    e.accuracy() * 100,
                    e.count(),
                    model.metadata().getOrDefault(ModelFiles.BACKEND, "unknown backend"));
            System.out.print(e.confusionTable());
        }
    }
}
