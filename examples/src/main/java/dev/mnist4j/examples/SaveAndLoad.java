package dev.mnist4j.examples;

import dev.mnist4j.Backends;
import dev.mnist4j.Device;
import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.OptimizerConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Tutorial steps 6 and 7, {@code torch.save(model.state_dict(), ...)} and
 * {@code model.load_state_dict(torch.load(...))}: train a little, save, load into a fresh model,
 * and check that both predict the same.
 * <pre>./mnist4j example SaveAndLoad [OUT.safetensors] [DATA_DIR]</pre>
 */
public final class SaveAndLoad {
    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "models/save_and_load.safetensors");
        DataModule mnist = Examples.data(args, 1);
        BackendProvider backend = Backends.best();
        Batch test = mnist.test().slice(0, Math.min(1000, mnist.test().size()));
        float[] before;
        try (DigitModel model = backend.newModel(42, Device.AUTO, 2);
             TrainingEngine engine = backend.trainingEngine(model, OptimizerConfig.sgd(0.01))) {
            for (Batch b : mnist.train().batches(64, 1L, false)) {
                engine.step(b, new float[b.count() * 10]);
                if (b.index() == 99) {
                    break;
                }
            }
            before = model.logits(test.images(), test.count());
            ModelFiles.save(file, model.stateDict(), Map.of(ModelFiles.BACKEND, backend.name()));
            System.out.println("saved the model's state_dict to " + file);
        }
        try (DigitModel loaded = backend.newModel(ModelFiles.load(file).state(), Device.AUTO, 2)) {
            float[] after = loaded.logits(test.images(), test.count());
            System.out.printf("loaded it into a new model: identical logits on %d test images: %b%n", test.count(),
                    Arrays.equals(before, after));
        }
    }
}
