package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.model.MnistCnn;
import java.util.List;
import org.apiguardian.api.API;

/**
 * How a model did on a labelled split.
 *
 * @param accuracy  fraction correct, 0–1
 * @param meanLoss  mean cross-entropy per image
 * @param confusion {@code confusion[actual][predicted]} counts, 10×10
 * @param mistakes  the first {@value #MISTAKES_KEPT} images predicted wrong, in the split's order
 */
@API(status = STABLE)
public record Evaluation(int count, double accuracy, double meanLoss, int[][] confusion, List<Mistake> mistakes) {
    /** How many mistakes an evaluation keeps. */
    public static final int MISTAKES_KEPT = 64;

    /** One image predicted wrong: its index in the split, its label and the prediction. */
    @API(status = STABLE)
    public record Mistake(int index, int actual, int predicted) {}

    public Evaluation {
        if (confusion.length != MnistCnn.CLASSES) {
            throw new IllegalArgumentException("the confusion matrix must be 10×10");
        }
        confusion = copy(confusion);
        mistakes = List.copyOf(mistakes);
    }

    /** An evaluation without its list of mistakes. */
    public Evaluation(int count, double accuracy, double meanLoss, int[][] confusion) {
        this(count, accuracy, meanLoss, confusion, List.of());
    }

    /** {@code confusion[actual][predicted]} counts (a copy). */
    @Override
    public int[][] confusion() {
        return copy(confusion);
    }

    private static int[][] copy(int[][] m) {
        int[][] out = new int[m.length][];
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != MnistCnn.CLASSES) {
                throw new IllegalArgumentException("the confusion matrix must be 10×10");
            }
            out[i] = m[i].clone();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e
                && count == e.count
                && Double.compare(accuracy, e.accuracy) == 0
                && Double.compare(meanLoss, e.meanLoss) == 0
                && java.util.Arrays.deepEquals(confusion, e.confusion)
                && mistakes.equals(e.mistakes);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(count, accuracy, meanLoss) * 31 + java.util.Arrays.deepHashCode(confusion);
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT, "Evaluation{count=%d, accuracy=%.5f, meanLoss=%.5f}", count, accuracy, meanLoss);
    }

    /** Accuracy of each digit: correct / images of that digit. */
    public double[] perClassAccuracy() {
        double[] out = new double[MnistCnn.CLASSES];
        for (int c = 0; c < out.length; c++) {
            int total = 0;
            for (int p = 0; p < MnistCnn.CLASSES; p++) {
                total += confusion[c][p];
            }
            out[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return out;
    }

    /**
     * The {@code n} largest off-diagonal cells, largest first: {@code {actual, predicted, count}},
     * leaving out pairs that never happened.
     */
    public java.util.List<int[]> mostConfused(int n) {
        java.util.List<int[]> pairs = new java.util.ArrayList<>();
        for (int a = 0; a < MnistCnn.CLASSES; a++) {
            for (int p = 0; p < MnistCnn.CLASSES; p++) {
                if (a != p && confusion[a][p] > 0) {
                    pairs.add(new int[] {a, p, confusion[a][p]});
                }
            }
        }
        pairs.sort((x, y) ->
                y[2] != x[2] ? Integer.compare(y[2], x[2]) : Integer.compare(x[0] * 10 + x[1], y[0] * 10 + y[1]));
        return pairs.subList(0, Math.min(n, pairs.size()));
    }

    /** The matrix as an aligned text table, rows = actual digit, columns = predicted. */
    public String confusionTable() {
        StringBuilder sb = new StringBuilder("actual\\pred");
        for (int p = 0; p < MnistCnn.CLASSES; p++) {
            sb.append(String.format(java.util.Locale.ROOT, "%6d", p));
        }
        sb.append('\n');
        for (int a = 0; a < MnistCnn.CLASSES; a++) {
            sb.append(String.format(java.util.Locale.ROOT, "%11d", a));
            for (int p = 0; p < MnistCnn.CLASSES; p++) {
                sb.append(String.format(java.util.Locale.ROOT, "%6d", confusion[a][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
