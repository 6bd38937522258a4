package dev.mnist4j;

import dev.mnist4j.model.MnistCnn;

/** What every backend does the same way with a row of ten logits: argmax, softmax, cross-entropy. */
final class Logits {
    private Logits() {}

    static int argmax(float[] logits, int row) {
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
    static float[] softmax(float[] logits, int row) {
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
    static double crossEntropy(float[] logits, int row, int label) {
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
