package dev.mnist4j.train;

import dev.mnist4j.model.MnistCnn;

/**
 * How a model did on a labelled split.
 *
 * @param accuracy  fraction correct, 0–1
 * @param meanLoss  mean cross-entropy per image
 * @param confusion {@code confusion[actual][predicted]} counts, 10×10
 */
public record Evaluation(int count, double accuracy, double meanLoss, int[][] confusion) {

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
        pairs.sort((x, y) -> y[2] != x[2] ? Integer.compare(y[2], x[2]) : Integer.compare(x[0] * 10 + x[1], y[0] * 10 + y[1]));
        return pairs.subList(0, Math.min(n, pairs.size()));
    }

    /** The matrix as an aligned text table, rows = actual digit, columns = predicted. */
    public String confusionTable() {
        StringBuilder sb = new StringBuilder("actual\\pred");
        for (int p = 0; p < MnistCnn.CLASSES; p++) {
            sb.append(String.format("%6d", p));
        }
        sb.append('\n');
        for (int a = 0; a < MnistCnn.CLASSES; a++) {
            sb.append(String.format("%11d", a));
            for (int p = 0; p < MnistCnn.CLASSES; p++) {
                sb.append(String.format("%6d", confusion[a][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
