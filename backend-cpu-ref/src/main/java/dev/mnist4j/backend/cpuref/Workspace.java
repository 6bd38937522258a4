package dev.mnist4j.backend.cpuref;

import static dev.mnist4j.backend.cpuref.Kernels.C1;
import static dev.mnist4j.backend.cpuref.Kernels.C2;
import static dev.mnist4j.backend.cpuref.Kernels.POOLED1_SIDE;
import static dev.mnist4j.backend.cpuref.Kernels.POOLED2_SIDE;
import static dev.mnist4j.backend.cpuref.Parameters.CONV1_B;
import static dev.mnist4j.backend.cpuref.Parameters.CONV1_W;
import static dev.mnist4j.backend.cpuref.Parameters.CONV2_B;
import static dev.mnist4j.backend.cpuref.Parameters.CONV2_W;
import static dev.mnist4j.backend.cpuref.Parameters.FC1_B;
import static dev.mnist4j.backend.cpuref.Parameters.FC2_B;
import static dev.mnist4j.backend.cpuref.Parameters.FC2_W;

import java.util.Arrays;

/**
 * The buffers and the passes of the CNN for one chunk of up to {@link #CHUNK} images: forward, and
 * backward into the chunk's own gradient arrays (in {@link Parameters}' channels-last layouts). One
 * thread uses a workspace at a time; buffers are allocated once and reused for every batch.
 *
 * <p>Shapes per image, channels last: input 28×28 → conv1+pool 13×13×32 → conv2+pool 5×5×64 = 1600
 * (conv2's 11th row and column of output are dropped by the pooling, so they are never computed) →
 * fc1 64 → fc2 10.
 */
final class Workspace {
    static final int CHUNK = 16;
    private static final int POOLED1 = POOLED1_SIDE * POOLED1_SIDE * C1;
    private static final int FLAT = POOLED2_SIDE * POOLED2_SIDE * C2;
    private static final int HIDDEN = 64;
    private static final int CLASSES = 10;
    private static final int PIXELS = 28 * 28;

    private final Kernels kernels;
    /**
     * Conv1's pooled maps (conv2's input) from index {@link #p1} and conv2's input gradient from
     * {@link #dp1}, on cache lines ({@link AlignedFloats}) if {@link #onLines}.
     */
    private final float[] lines;

    private final int p1;
    private final int dp1;
    /** Conv1's pooling codes, at the same indexes as its pooled maps in {@link #lines}. */
    private final float[] code1;

    private final float[] p2 = new float[CHUNK * FLAT];
    private final float[] code2 = new float[CHUNK * FLAT];
    private final float[] h = new float[CHUNK * HIDDEN];
    /** The logits of the last forward pass, {@code n × 10}. */
    final float[] z = new float[CHUNK * CLASSES];

    private final float[] dz = new float[CHUNK * CLASSES];
    private final float[] dzT = new float[CLASSES * CHUNK];
    private final float[] dh = new float[CHUNK * HIDDEN];
    private final float[] dp2 = new float[CHUNK * FLAT];

    /** Whether {@link #lines} is on cache lines: see {@link ChunkRunner}. */
    private final boolean onLines;

    Workspace(Kernels kernels, boolean onLines) {
        this.kernels = kernels;
        this.onLines = onLines;
        int floats = CHUNK * POOLED1 + POOLED1;
        AlignedFloats aligned =
                onLines ? new AlignedFloats(floats) : new AlignedFloats(floats, AlignedFloats.Layout.UNKNOWN);
        this.lines = aligned.array();
        this.p1 = aligned.take(CHUNK * POOLED1);
        this.dp1 = aligned.take(POOLED1);
        this.code1 = new float[p1 + CHUNK * POOLED1];
    }

    boolean onLines() {
        return onLines;
    }

    /** Forward pass of images {@code first .. first+n-1} of {@code x}; logits land in {@link #z}. */
    void forward(Parameters params, float[] x, int first, int n) {
        float[][] w = params.values;
        for (int i = 0; i < n; i++) {
            kernels.conv1Pool(x, (first + i) * PIXELS, params.conv1, w[CONV1_B], lines, code1, p1 + i * POOLED1);
            kernels.conv2Pool(
                    lines, p1 + i * POOLED1, params.conv2, params.conv2Winograd, w[CONV2_B], p2, code2, i * FLAT);
        }
        dense(params, n);
    }

    /** fc1, ReLU and fc2 of the {@code n} images whose pooled maps are in {@link #p2}. */
    private void dense(Parameters params, int n) {
        float[][] w = params.values;
        fillRows(h, n, w[FC1_B]);
        kernels.multiplyAdd(n, HIDDEN, FLAT, p2, 0, FLAT, params.fc1T, 0, HIDDEN, h, 0, HIDDEN);
        for (int j = 0; j < n * HIDDEN; j++) {
            h[j] = Math.max(h[j], 0f);
        }
        fillRows(z, n, w[FC2_B]);
        kernels.multiplyAdd(n, CLASSES, HIDDEN, h, 0, HIDDEN, params.fc2T, 0, CLASSES, z, 0, CLASSES);
    }

    /**
     * Backward pass after {@link #forward} of the same images: softmax cross-entropy against the
     * labels, scaled by {@code 1/batchSize} (the loss is the mean over the whole batch), and the
     * gradients added into {@code g} (channels-last layouts), except fc1's weight gradient: its
     * factors go into {@code fc1}, which makes it for the whole batch.
     *
     * @return the sum of the images' cross-entropy losses
     */
    double backward(
            Parameters params, float[] x, int[] labels, int first, int n, int batchSize, float[][] g, Fc1Factors fc1) {
        float[][] w = params.values;
        double lossSum = softmaxCrossEntropyGradient(labels, first, n, 1f / batchSize);

        // fc2
        Parameters.transpose(dz, n, CLASSES, dzT);
        kernels.multiplyAdd(CLASSES, HIDDEN, n, dzT, 0, n, h, 0, HIDDEN, g[FC2_W], 0, HIDDEN);
        addColumnSums(dz, n, CLASSES, g[FC2_B]);
        Arrays.fill(dh, 0, n * HIDDEN, 0f);
        kernels.multiplyAdd(n, HIDDEN, CLASSES, dz, 0, CLASSES, w[FC2_W], 0, HIDDEN, dh, 0, HIDDEN);
        for (int j = 0; j < n * HIDDEN; j++) {
            if (h[j] <= 0f) {
                dh[j] = 0f;
            }
        }
        // fc1: its weight gradient is made over the whole batch, from the factors kept here
        fc1.keep(p2, dh, first, n);
        addColumnSums(dh, n, HIDDEN, g[FC1_B]);
        Arrays.fill(dp2, 0, n * FLAT, 0f);
        kernels.multiplyAdd(n, FLAT, HIDDEN, dh, 0, HIDDEN, params.fc1, 0, FLAT, dp2, 0, FLAT);

        for (int i = 0; i < n; i++) {
            kernels.conv2Backward(
                    lines,
                    p1 + i * POOLED1,
                    p2,
                    code2,
                    dp2,
                    i * FLAT,
                    params.conv2Lines,
                    params.conv2LinesAt,
                    lines,
                    dp1,
                    g[CONV2_W],
                    g[CONV2_B]);
            kernels.conv1Backward(
                    x, (first + i) * PIXELS, lines, code1, p1 + i * POOLED1, lines, dp1, g[CONV1_W], g[CONV1_B]);
        }
        return lossSum;
    }

    private double softmaxCrossEntropyGradient(int[] labels, int first, int n, float scale) {
        double lossSum = 0;
        for (int i = 0; i < n; i++) {
            int o = i * CLASSES;
            float max = z[o];
            for (int c = 1; c < CLASSES; c++) {
                max = Math.max(max, z[o + c]);
            }
            double sum = 0;
            for (int c = 0; c < CLASSES; c++) {
                sum += Math.exp(z[o + c] - max);
            }
            double logSum = max + Math.log(sum);
            int label = labels[first + i];
            lossSum += logSum - z[o + label];
            for (int c = 0; c < CLASSES; c++) {
                double p = Math.exp(z[o + c] - logSum);
                dz[o + c] = (float) ((p - (c == label ? 1 : 0)) * scale);
            }
        }
        return lossSum;
    }

    private static void fillRows(float[] dst, int rows, float[] bias) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, 0, dst, r * bias.length, bias.length);
        }
    }

    private static void addColumnSums(float[] m, int rows, int cols, float[] into) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                into[c] += m[r * cols + c];
            }
        }
    }
}
