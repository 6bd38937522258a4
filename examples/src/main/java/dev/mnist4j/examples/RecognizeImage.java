package dev.mnist4j.examples;

import dev.mnist4j.Backends;
import dev.mnist4j.Device;
import dev.mnist4j.Mnist4jException;
import dev.mnist4j.data.Normalization;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.predict.ImagePreprocessing;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.predict.Predictor;
import dev.mnist4j.spi.BackendProvider;
import java.nio.file.Path;

/**
 * Tutorial step 8, {@code LoadModelAndUse}: recognise the digit in your own pictures. Pictures are
 * prepared the way MNIST was made (ink cropped, scaled to 20 px, centred), so a photo of a digit
 * written on paper works.
 * <pre>./mnist4j example RecognizeImage MODEL.safetensors IMAGE...</pre>
 */
public final class RecognizeImage {
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: RecognizeImage MODEL.safetensors IMAGE...");
            return;
        }
        ModelFiles.SavedModel saved = ModelFiles.load(Path.of(args[0]));
        BackendProvider backend = Backends.best();
        try (DigitModel model = backend.newModel(saved.state(), Device.AUTO, 1)) {
            Predictor predictor = backend.predictor(model, Normalization.TUTORIAL);
            for (int i = 1; i < args.length; i++) {
                try {
                    Prediction p = predictor.predict(Path.of(args[i]), ImagePreprocessing.MNIST);
                    System.out.printf("%s: %d (%.2f%%)%n", args[i], p.digit(), p.probability() * 100);
                } catch (Mnist4jException e) {
                    System.err.println(args[i] + ": " + e.getMessage());
                }
            }
        }
    }
}
