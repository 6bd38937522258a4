package dev.mnist4j.backend.cpuref;

/** The 3×3 convolution's data movement and 2×2 max-pooling, for one image (C×H×W, C order). */
final class ConvOps {
    private ConvOps() {
    }

    /**
     * Lays out the 3×3 patches of {@code src[c×h×w]} as columns: {@code col[(c·9+ky·3+kx) × P + p]}
     * for the {@code P = oh·ow} output positions {@code p = oy·ow + ox} (stride 1, no padding).
     */
    static void im2col(float[] src, int srcOff, int channels, int h, int w, int oh, int ow, float[] col) {
        int positions = oh * ow;
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < 3; ky++) {
                for (int kx = 0; kx < 3; kx++) {
                    int row = (c * 9 + ky * 3 + kx) * positions;
                    for (int oy = 0; oy < oh; oy++) {
                        System.arraycopy(src, srcOff + c * h * w + (oy + ky) * w + kx, col, row + oy * ow, ow);
                    }
                }
            }
        }
    }

    /** The transpose of {@link #im2col}: {@code colT[p × (channels·9) + c·9+ky·3+kx]}. */
    static void im2colTransposed(float[] src, int srcOff, int channels, int h, int w, int oh, int ow, float[] colT) {
        int k = channels * 9;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int row = (oy * ow + ox) * k;
                for (int c = 0; c < channels; c++) {
                    int base = srcOff + c * h * w + oy * w + ox;
                    int r = row + c * 9;
                    colT[r] = src[base];
                    colT[r + 1] = src[base + 1];
                    colT[r + 2] = src[base + 2];
                    colT[r + 3] = src[base + w];
                    colT[r + 4] = src[base + w + 1];
                    colT[r + 5] = src[base + w + 2];
                    colT[r + 6] = src[base + 2 * w];
                    colT[r + 7] = src[base + 2 * w + 1];
                    colT[r + 8] = src[base + 2 * w + 2];
                }
            }
        }
    }

    /**
     * ReLU then 2×2 max-pooling of {@code a[c×h×w]} into {@code out[c×(h/2)×(w/2)]}. ReLU and max
     * commute, so the ReLU is applied to the pooled value; {@code argmax} records which input
     * position (within its channel) won, at the same index as the output, first in row order on ties
     * as PyTorch does. A pooled value
     * of 0 passes no gradient back, exactly as ReLU's mask would.
     */
    static void reluMaxPool(float[] a, int channels, int h, int w, float[] out, int outOff, int[] argmax) {
        int oh = h / 2;
        int ow = w / 2;
        for (int c = 0; c < channels; c++) {
            int in = c * h * w;
            int o = outOff + c * oh * ow;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int p = (2 * y) * w + 2 * x;
                    int best = p;
                    float v = a[in + p];
                    if (a[in + p + 1] > v) {
                        v = a[in + p + 1];
                        best = p + 1;
                    }
                    if (a[in + p + w] > v) {
                        v = a[in + p + w];
                        best = p + w;
                    }
                    if (a[in + p + w + 1] > v) {
                        v = a[in + p + w + 1];
                        best = p + w + 1;
                    }
                    int q = o + y * ow + x;
                    out[q] = Math.max(v, 0f);
                    argmax[q] = best;
                }
            }
        }
    }
}
