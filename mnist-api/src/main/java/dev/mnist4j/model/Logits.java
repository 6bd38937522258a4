package dev.mnist4j.model;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What is done the same way everywhere with rows of ten logits ({@code [N,10]}, row by row):
 * argmax, softmax, cross-entropy.
 */
@API(status = STABLE)
public final class Logits {
    private Logits() {}

    /** The class of the largest logit of a row; the first on ties, as PyTorch's argmax. */
    public static int argmax(float[] logits, int row) {
        int base = row * MnistCnn.CLASSES;
        int best = 0;
        for (int c = 1; c < MnistCnn.CLASSES; c++) {
            if (logits[base + c] > logits[base + best]) {
                best = c;
            }
        }
        return best;
    }

    /** The probabilities of one row, computed stably (the maximum is subtracted first). */
    public static float[] softmax(float[] logits, int row) {
        int base = row * MnistCnn.CLASSES;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < MnistCnn.CLASSES; c++) {
            max = Math.max(max, logits[base + c]);
        }
        double[] e = new double[MnistCnn.CLASSES];
        double sum = 0;
        for (int c = 0; c < MnistCnn.CLASSES; c++) {
            e[c] = Math.exp(logits[base + c] - max);
            sum += e[c];
        }
        float[] p = new float[MnistCnn.CLASSES];
        for (int c = 0; c < MnistCnn.CLASSES; c++) {
            p[c] = (float) (e[c] / sum);
        }
        return p;
    }

    /** {@code -log softmax(row)[label]}, computed as log-sum-exp minus the label's logit. */
    public static double crossEntropy(float[] logits, int row, int label) {
        int base = row * MnistCnn.CLASSES;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < MnistCnn.CLASSES; c++) {
            max = Math.max(max, logits[base + c]);
        }
        double sum = 0;
        for (int c = 0; c < MnistCnn.CLASSES; c++) {
            sum += Math.exp(logits[base + c] - max);
        }
        return max + Math.log(sum) - logits[base + label];
    }
}
