package dev.mnist4j.examples;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.Backend;
import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.train.TrainConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Tutorial steps 6 and 7, {@code torch.save(model.state_dict(), ...)} and
 * {@code model.load_state_dict(torch.load(...))}: train a little, save, load into a fresh model,
 * and check that both predict the same.
 * <pre>./mnist4j example SaveAndLoad [OUT.safetensors] [DATA_DIR]</pre>
 */
@API(status = INTERNAL)
public final class SaveAndLoad {
    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "models/save_and_load.safetensors");
        DataModule mnist = Examples.data(args, 1);
        Backend backend = Backends.best();
        Batch test = mnist.test().slice(0, Math.min(1000, mnist.test().size()));
        float[] before;
        try (DigitModel model = backend.newModel()) {
            // 100 batches of 64: enough to move the weights away from their initial values
            DataModule slice = DataModules.of(
                    "mnist-6400",
                    mnist.train().subset(0, Math.min(6400, mnist.train().size())),
                    mnist.test());
            model.newTrainer(TrainConfig.defaults().withEpochs(1).withEvaluateEachEpoch(false))
                    .fit(slice);
            before = model.logits(test.images(), test.count());
            model.save(file);
            System.out.println("saved the model's state_dict to " + file);
        }
        try (DigitModel loaded = backend.loadModel(file)) {
            float[] after = loaded.logits(test.images(), test.count());
            System.out.printf(
                    Locale.ROOT,
                    "loaded it into a new model: identical logits on %d test images: %b%n",
                    test.count(),
                    Arrays.equals(before, after));
        }
    }
}
