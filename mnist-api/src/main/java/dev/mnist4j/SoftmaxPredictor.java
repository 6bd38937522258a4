package dev.mnist4j;

import dev.mnist4j.data.Normalization;
import dev.mnist4j.model.Logits;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.predict.Predictor;
import java.util.ArrayList;
import java.util.List;

/**
 * The predictor every backend shares: normalise with the model's own normalisation, run its
 * logits, softmax, argmax. Thread-safe: it holds no mutable state of its own.
 */
final class SoftmaxPredictor implements Predictor {
    private static final int CHUNK = 1000;
    private final DigitModel model;
    private volatile Table table;

    private record Table(Normalization normalization, float[] values) {}

    SoftmaxPredictor(DigitModel model) {
        this.model = model;
    }

    @Override
    public Prediction predict(int[] pixels) {
        return predictAll(List.of(pixels)).get(0);
    }

    @Override
    public List<Prediction> predictAll(List<int[]> images) {
        float[] values = table();
        List<Prediction> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += CHUNK) {
            int n = Math.min(CHUNK, images.size() - from);
            float[] x = new float[n * MnistCnn.PIXELS];
            for (int i = 0; i < n; i++) {
                int[] img = images.get(from + i);
                if (img.length != MnistCnn.PIXELS) {
                    throw new IllegalArgumentException(
                            "image " + (from + i) + " has " + img.length + " pixels, expected 784 (28×28)");
                }
                for (int p = 0; p < MnistCnn.PIXELS; p++) {
                    int v = img[p];
                    if (v < 0 || v > 255) {
                        throw new IllegalArgumentException(
                                "image " + (from + i) + " has pixel value " + v + " at " + p + ", expected 0–255");
                    }
                    x[i * MnistCnn.PIXELS + p] = values[v];
                }
            }
            float[] logits = model.logits(x, n);
            for (int i = 0; i < n; i++) {
                out.add(new Prediction(Logits.argmax(logits, i), Logits.softmax(logits, i)));
            }
        }
        return out;
    }

    /** The 256 input values of the model's current normalisation (it changes when the model trains on other data). */
    private float[] table() {
        Normalization now = model.normalization();
        Table t = table;
        if (t == null || !t.normalization().equals(now)) {
            t = new Table(now, now.table());
            table = t;
        }
        return t.values();
    }
}
