package dev.mnist4j.backend.cpuref;

import static dev.mnist4j.backend.cpuref.Parameters.CONV1_B;
import static dev.mnist4j.backend.cpuref.Parameters.CONV1_W;
import static dev.mnist4j.backend.cpuref.Parameters.CONV2_B;
import static dev.mnist4j.backend.cpuref.Parameters.CONV2_W;
import static dev.mnist4j.backend.cpuref.Parameters.FC1_B;
import static dev.mnist4j.backend.cpuref.Parameters.FC1_W;
import static dev.mnist4j.backend.cpuref.Parameters.FC2_B;
import static dev.mnist4j.backend.cpuref.Parameters.FC2_W;

import java.util.Arrays;

/**
 * The buffers and arithmetic of the CNN for one chunk of up to {@link #CHUNK} images: forward, and
 * backward into the chunk's own gradient arrays. One thread uses a workspace at a time; buffers are
 * allocated once and reused for every batch.
 *
 * <p>Shapes per image: input 1×28×28 → conv1 32×26×26 → pool 32×13×13 → conv2 64×10×10 (the 11th
 * row and column of PyTorch's 11×11 output are dropped by the 2×2 pooling, so they are never
 * computed) → pool 64×5×5 = 1600 → fc1 64 → fc2 10.
 */
final class Workspace {
    static final int CHUNK = 16;
    private static final int C1 = 32;
    private static final int C2 = 64;
    private static final int P1 = 26 * 26;      // conv1 output positions
    private static final int POOLED1 = 13 * 13;
    private static final int P2 = 10 * 10;      // conv2 output positions that pooling uses
    private static final int POOLED2 = 5 * 5;
    private static final int K2 = C1 * 9;       // conv2 patch length
    private static final int FLAT = C2 * POOLED2;
    private static final int HIDDEN = 64;
    private static final int CLASSES = 10;
    private static final int PIXELS = 28 * 28;

    private final float[] col1 = new float[9 * P1];
    private final float[] a1 = new float[C1 * P1];
    private final float[] p1 = new float[CHUNK * C1 * POOLED1];
    private final int[] idx1 = new int[CHUNK * C1 * POOLED1];
    private final float[] col2 = new float[K2 * P2];
    private final float[] a2 = new float[C2 * P2];
    private final float[] p2 = new float[CHUNK * FLAT];
    private final int[] idx2 = new int[CHUNK * FLAT];
    private final float[] h = new float[CHUNK * HIDDEN];
    /** The logits of the last forward pass, {@code n × 10}. */
    final float[] z = new float[CHUNK * CLASSES];

    private final float[] dz = new float[CHUNK * CLASSES];
    private final float[] dzT = new float[CLASSES * CHUNK];
    private final float[] dh = new float[CHUNK * HIDDEN];
    private final float[] dhT = new float[HIDDEN * CHUNK];
    private final float[] dp2 = new float[CHUNK * FLAT];
    private final float[] col2T = new float[P2 * K2];
    private final float[] dcol2T = new float[P2 * K2];
    private final float[] dp1 = new float[C1 * POOLED1];

    /** Forward pass of images {@code first .. first+n-1} of {@code x}; logits land in {@link #z}. */
    void forward(Parameters params, float[] x, int first, int n) {
        float[][] w = params.values;
        for (int i = 0; i < n; i++) {
            int xOff = (first + i) * PIXELS;
            ConvOps.im2col(x, xOff, 1, 28, 28, 26, 26, col1);
            Gemm.fillRowsWithBias(a1, 0, C1, P1, w[CONV1_B]);
            Gemm.multiplyAdd(C1, P1, 9, w[CONV1_W], 0, 9, col1, 0, P1, a1, 0, P1);
            ConvOps.reluMaxPool(a1, C1, 26, 26, p1, i * C1 * POOLED1, idx1);

            ConvOps.im2col(p1, i * C1 * POOLED1, C1, 13, 13, 10, 10, col2);
            Gemm.fillRowsWithBias(a2, 0, C2, P2, w[CONV2_B]);
            Gemm.multiplyAdd(C2, P2, K2, w[CONV2_W], 0, K2, col2, 0, P2, a2, 0, P2);
            ConvOps.reluMaxPool(a2, C2, 10, 10, p2, i * FLAT, idx2);
        }
        Gemm.fillColumnsWithBias(h, 0, n, w[FC1_B]);
        Gemm.multiplyAdd(n, HIDDEN, FLAT, p2, 0, FLAT, params.fc1WeightT, 0, HIDDEN, h, 0, HIDDEN);
        for (int j = 0; j < n * HIDDEN; j++) {
            h[j] = Math.max(h[j], 0f);
        }
        Gemm.fillColumnsWithBias(z, 0, n, w[FC2_B]);
        Gemm.multiplyAdd(n, CLASSES, HIDDEN, h, 0, HIDDEN, params.fc2WeightT, 0, CLASSES, z, 0, CLASSES);
    }

    /**
     * Backward pass after {@link #forward} of the same images: softmax cross-entropy against the
     * labels, scaled by {@code 1/batchSize} (the loss is the mean over the whole batch), and the
     * gradients added into {@code g}.
     *
     * @return the sum of the images' cross-entropy losses
     */
    double backward(Parameters params, float[] x, int[] labels, int first, int n, int batchSize, float[][] g) {
        float[][] w = params.values;
        double lossSum = softmaxCrossEntropyGradient(labels, first, n, 1f / batchSize);

        // fc2
        Gemm.transpose(dz, n, CLASSES, dzT);
        Gemm.multiplyAdd(CLASSES, HIDDEN, n, dzT, 0, n, h, 0, HIDDEN, g[FC2_W], 0, HIDDEN);
        addColumnSums(dz, n, CLASSES, g[FC2_B]);
        Arrays.fill(dh, 0, n * HIDDEN, 0f);
        Gemm.multiplyAdd(n, HIDDEN, CLASSES, dz, 0, CLASSES, w[FC2_W], 0, HIDDEN, dh, 0, HIDDEN);
        for (int j = 0; j < n * HIDDEN; j++) {
            if (h[j] <= 0f) {
                dh[j] = 0f;
            }
        }
        // fc1
        Gemm.transpose(dh, n, HIDDEN, dhT);
        Gemm.multiplyAdd(HIDDEN, FLAT, n, dhT, 0, n, p2, 0, FLAT, g[FC1_W], 0, FLAT);
        addColumnSums(dh, n, HIDDEN, g[FC1_B]);
        Arrays.fill(dp2, 0, n * FLAT, 0f);
        Gemm.multiplyAdd(n, FLAT, HIDDEN, dh, 0, HIDDEN, w[FC1_W], 0, FLAT, dp2, 0, FLAT);

        for (int i = 0; i < n; i++) {
            conv2Backward(w[CONV2_W], i, g[CONV2_W], g[CONV2_B]);
            conv1Backward(x, (first + i) * PIXELS, i, g[CONV1_W], g[CONV1_B]);
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

    private static void addColumnSums(float[] m, int rows, int cols, float[] into) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                into[c] += m[r * cols + c];
            }
        }
    }

    /**
     * Only the 25 pooled positions per channel carry gradient (max-pooling routes each to one conv2
     * output), so the weight and input gradients are 64·25 rank-one updates instead of dense
     * products over all 100 positions.
     */
    private void conv2Backward(float[] w2, int i, float[] gW, float[] gB) {
        ConvOps.im2colTransposed(p1, i * C1 * POOLED1, C1, 13, 13, 10, 10, col2T);
        Arrays.fill(dcol2T, 0f);
        int base = i * FLAT;
        for (int co = 0; co < C2; co++) {
            int wRow = co * K2;
            for (int q = 0; q < POOLED2; q++) {
                int k = base + co * POOLED2 + q;
                float grad = dp2[k];
                if (p2[k] <= 0f || grad == 0f) {
                    continue;
                }
                gB[co] += grad;
                int pos = idx2[k] * K2;
                for (int j = 0; j < K2; j++) {
                    gW[wRow + j] += grad * col2T[pos + j];
                    dcol2T[pos + j] += grad * w2[wRow + j];
                }
            }
        }
        // col2im: scatter patch gradients back onto conv1's pooled 32×13×13 map.
        Arrays.fill(dp1, 0f);
        for (int oy = 0; oy < 10; oy++) {
            for (int ox = 0; ox < 10; ox++) {
                int row = (oy * 10 + ox) * K2;
                for (int c = 0; c < C1; c++) {
                    int d = c * POOLED1 + oy * 13 + ox;
                    int r = row + c * 9;
                    dp1[d] += dcol2T[r];
                    dp1[d + 1] += dcol2T[r + 1];
                    dp1[d + 2] += dcol2T[r + 2];
                    dp1[d + 13] += dcol2T[r + 3];
                    dp1[d + 14] += dcol2T[r + 4];
                    dp1[d + 15] += dcol2T[r + 5];
                    dp1[d + 26] += dcol2T[r + 6];
                    dp1[d + 27] += dcol2T[r + 7];
                    dp1[d + 28] += dcol2T[r + 8];
                }
            }
        }
    }

    /** Like {@link #conv2Backward}: only pooled positions carry gradient; conv1 needs no input gradient. */
    private void conv1Backward(float[] x, int xOff, int i, float[] gW, float[] gB) {
        int base = i * C1 * POOLED1;
        for (int c = 0; c < C1; c++) {
            for (int q = 0; q < POOLED1; q++) {
                int k = base + c * POOLED1 + q;
                float grad = dp1[c * POOLED1 + q];
                if (p1[k] <= 0f || grad == 0f) {
                    continue;
                }
                gB[c] += grad;
                int pos = idx1[k];
                int src = xOff + (pos / 26) * 28 + pos % 26;
                int wr = c * 9;
                gW[wr] += grad * x[src];
                gW[wr + 1] += grad * x[src + 1];
                gW[wr + 2] += grad * x[src + 2];
                gW[wr + 3] += grad * x[src + 28];
                gW[wr + 4] += grad * x[src + 29];
                gW[wr + 5] += grad * x[src + 30];
                gW[wr + 6] += grad * x[src + 56];
                gW[wr + 7] += grad * x[src + 57];
                gW[wr + 8] += grad * x[src + 58];
            }
        }
    }
}
