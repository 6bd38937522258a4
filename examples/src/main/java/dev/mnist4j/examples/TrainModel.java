package dev.mnist4j.examples;

import dev.mnist4j.Backends;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.train.EpochResult;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Tutorial step 4, {@code RunTrainMnistModel}: SGD with learning rate 0.01, batches of 64, the loss
 * and accuracy of every epoch printed as the tutorial prints them, the test accuracy after each,
 * and the model saved.
 * <pre>./mnist4j example TrainModel [EPOCHS] [OUT.safetensors] [DATA_DIR]</pre>
 */
public final class TrainModel {
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path out = Path.of(args.length > 1 ? args[1] : "models/mnist_model.safetensors");
        DataModule mnist = Examples.data(args, 2);
        BackendProvider backend = Backends.best();
        TrainConfig config = TrainConfig.defaults().withEpochs(epochs);
        try (DigitModel model = backend.newModel(config.seed(), config.device(), config.threads())) {
            System.out.println("------------------------- training on " + backend.name() + " -------------------------");
            List<EpochResult> results = backend.trainer(config).addListener(new TrainingListener() {
                @Override
                public void onEpoch(EpochResult r) {
                    System.out.println(r.tutorialLine());
                    System.out.printf("Test accuracy: %.3f%%%n", r.test().accuracy() * 100);
                }
            }).fit(model, mnist);
            double accuracy = results.get(results.size() - 1).test().accuracy();
            ModelFiles.save(out, model.stateDict(), Map.of(ModelFiles.BACKEND, backend.name(),
                    ModelFiles.EPOCHS, Integer.toString(epochs), ModelFiles.ACCURACY, String.format("%.5f", accuracy),
                    ModelFiles.NORMALIZATION, mnist.normalization().toString()));
            System.out.println("Saved model to " + out);
        }
    }
}
