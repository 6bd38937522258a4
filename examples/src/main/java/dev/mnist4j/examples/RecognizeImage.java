package dev.mnist4j.examples;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.Backends;
import dev.mnist4j.DigitModel;
import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.predict.Predictor;
import java.nio.file.Path;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Tutorial step 8, {@code LoadModelAndUse}: recognise the digit in your own pictures. Pictures are
 * prepared the way MNIST was made (ink cropped, scaled to 20 px, centred), so a photo of a digit
 * written on paper works; the model applies the normalisation it was trained with.
 * <pre>./mnist4j example RecognizeImage MODEL.safetensors IMAGE...</pre>
 */
@API(status = INTERNAL)
public final class RecognizeImage {
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: RecognizeImage MODEL.safetensors IMAGE...");
            return;
        }
        try (DigitModel model = Backends.best().loadModel(Path.of(args[0]))) {
            Predictor predictor = model.newPredictor();
            for (int i = 1; i < args.length; i++) {
                try {
                    Prediction p = predictor.predict(Path.of(args[i]));
                    System.out.printf(Locale.ROOT, "%s: %d (%.2f%%)%n", args[i], p.digit(), p.probability() * 100);
                } catch (Mnist4jException e) {
                    System.err.println(args[i] + ": " + e.getMessage());
                }
            }
        }
    }
}
