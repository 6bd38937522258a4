package dev.mnist4j.backend.cpuref;

import java.util.Arrays;

/**
 * {@link Kernels} in plain Java: correct on every JVM, vectorised only as far as the JIT manages on
 * its own. The loops have the same shape as {@link VectorKernels}' so the two are easy to compare.
 */
final class PlainKernels implements Kernels {
    /** Per thread: one pooling window's four rows of outputs, {@code [4][channels]}. */
    private static final ThreadLocal<float[]> WINDOW = ThreadLocal.withInitial(() -> new float[4 * C2]);

    private final String why;

    /** @param why why the Vector API kernels are not in use, for {@link #description()} */
    PlainKernels(String why) {
        this.why = why;
    }

    @Override
    public String description() {
        return "plain-Java kernels (" + why + ")";
    }

    @Override
    public void conv1Pool(float[] x, int xOff, float[] w, float[] bias, float[] out, float[] code, int outOff) {
        float[] acc = WINDOW.get();
        for (int y = 0; y < POOLED1_SIDE; y++) {
            for (int x0 = 0; x0 < POOLED1_SIDE; x0++) {
                for (int s = 0; s < 4; s++) {
                    System.arraycopy(bias, 0, acc, s * C1, C1);
                }
                int src = xOff + 2 * y * 28 + 2 * x0;
                for (int k = 0; k < 9; k++) {
                    int p = src + (k / 3) * 28 + k % 3;
                    float a0 = x[p];
                    float a1 = x[p + 1];
                    float a2 = x[p + 28];
                    float a3 = x[p + 29];
                    for (int c = 0; c < C1; c++) {
                        float wv = w[k * C1 + c];
                        acc[c] += a0 * wv;
                        acc[C1 + c] += a1 * wv;
                        acc[2 * C1 + c] += a2 * wv;
                        acc[3 * C1 + c] += a3 * wv;
                    }
                }
                pool(acc, C1, out, code, outOff + (y * POOLED1_SIDE + x0) * C1);
            }
        }
    }

    @Override
    public void conv2Pool(
            float[] in, int inOff, float[] w, float[] u, float[] bias, float[] out, float[] code, int outOff) {
        float[] acc = WINDOW.get();
        int row = POOLED1_SIDE * C1;
        for (int y = 0; y < POOLED2_SIDE; y++) {
            for (int x0 = 0; x0 < POOLED2_SIDE; x0++) {
                for (int s = 0; s < 4; s++) {
                    System.arraycopy(bias, 0, acc, s * C2, C2);
                }
                int origin = inOff + 2 * y * row + 2 * x0 * C1;
                for (int ky = 0; ky < 3; ky++) {
                    for (int t = 0; t < 3 * C1; t++) {
                        int p = origin + ky * row + t;
                        float a0 = in[p];
                        float a1 = in[p + C1];
                        float a2 = in[p + row];
                        float a3 = in[p + row + C1];
                        int wr = (ky * 3 * C1 + t) * C2;
                        // One pass over the weights row updates all four positions (the JIT vectorises it).
                        for (int c = 0; c < C2; c++) {
                            float wv = w[wr + c];
                            acc[c] += a0 * wv;
                            acc[C2 + c] += a1 * wv;
                            acc[2 * C2 + c] += a2 * wv;
                            acc[3 * C2 + c] += a3 * wv;
                        }
                    }
                }
                pool(acc, C2, out, code, outOff + (y * POOLED2_SIDE + x0) * C2);
            }
        }
    }

    /** Max over the four positions' rows of {@code acc[4][channels]}, then ReLU. */
    private static void pool(float[] acc, int channels, float[] out, float[] code, int at) {
        for (int c = 0; c < channels; c++) {
            float m = acc[c];
            int best = 0;
            for (int s = 1; s < 4; s++) {
                if (acc[s * channels + c] > m) {
                    m = acc[s * channels + c];
                    best = s;
                }
            }
            out[at + c] = Math.max(m, 0f);
            code[at + c] = best;
        }
    }

    @Override
    public void conv1Backward(
            float[] x,
            int xOff,
            float[] pooled,
            float[] code,
            int off,
            float[] grad,
            int gradOff,
            float[] gw,
            float[] gb) {
        for (int y = 0; y < POOLED1_SIDE; y++) {
            for (int x0 = 0; x0 < POOLED1_SIDE; x0++) {
                int q = (y * POOLED1_SIDE + x0) * C1;
                for (int c = 0; c < C1; c++) {
                    float g = grad[gradOff + q + c];
                    if (pooled[off + q + c] <= 0f || g == 0f) {
                        continue;
                    }
                    int s = (int) code[off + q + c];
                    int src = xOff + (2 * y + (s >> 1)) * 28 + 2 * x0 + (s & 1);
                    gb[c] += g;
                    for (int k = 0; k < 9; k++) {
                        gw[k * C1 + c] += g * x[src + (k / 3) * 28 + k % 3];
                    }
                }
            }
        }
    }

    @Override
    public void conv2Backward(
            float[] in,
            int inOff,
            float[] pooled,
            float[] code,
            float[] grad,
            int off,
            float[] w,
            int wOff,
            float[] inGrad,
            int inGradOff,
            float[] gw,
            float[] gb) {
        Arrays.fill(inGrad, inGradOff, inGradOff + POOLED1_SIDE * POOLED1_SIDE * C1, 0f);
        int row = POOLED1_SIDE * C1;
        for (int y = 0; y < POOLED2_SIDE; y++) {
            for (int x = 0; x < POOLED2_SIDE; x++) {
                int k0 = off + (y * POOLED2_SIDE + x) * C2;
                for (int co = 0; co < C2; co++) {
                    int k = k0 + co;
                    float g = grad[k];
                    if (pooled[k] <= 0f || g == 0f) {
                        continue;
                    }
                    gb[co] += g;
                    int s = (int) code[k];
                    int patch = (2 * y + (s >> 1)) * row + (2 * x + (s & 1)) * C1;
                    for (int ky = 0; ky < 3; ky++) {
                        int wr = co * K2 + ky * 3 * C1;
                        axpy(3 * C1, g, in, inOff + patch + ky * row, gw, wr);
                        axpy(3 * C1, g, w, wOff + wr, inGrad, inGradOff + patch + ky * row);
                    }
                }
            }
        }
    }

    /** {@code y[yOff..yOff+n) += a · x[xOff..xOff+n)}. */
    private static void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    @Override
    public void multiplyAdd(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc) {
        plainMultiplyAdd(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    @Override
    public void multiplyInGroups(
            int m,
            int n,
            int k,
            int group,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc) {
        plainMultiplyInGroups(m, n, k, group, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /** Each group's product into a zeroed buffer by {@link #plainMultiplyAdd}, then added to C. */
    static void plainMultiplyInGroups(
            int m,
            int n,
            int k,
            int group,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc) {
        float[] t = new float[m * n];
        for (int i = 0; i < m; i++) {
            Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
        for (int g = 0; g < k; g += group) {
            Arrays.fill(t, 0f);
            plainMultiplyAdd(m, n, Math.min(group, k - g), a, aOff + g, lda, b, bOff + g * ldb, ldb, t, 0, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] += t[i * n + j];
                }
            }
        }
    }

    /** Four rows of C per pass over a row of B, with a unit-stride inner loop. */
    static void plainMultiplyAdd(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int c0 = cOff + i * ldc;
            int c1 = c0 + ldc;
            int c2 = c1 + ldc;
            int c3 = c2 + ldc;
            int a0 = aOff + i * lda;
            for (int p = 0; p < k; p++) {
                float v0 = a[a0 + p];
                float v1 = a[a0 + lda + p];
                float v2 = a[a0 + 2 * lda + p];
                float v3 = a[a0 + 3 * lda + p];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    float bv = b[bp + j];
                    c[c0 + j] += v0 * bv;
                    c[c1 + j] += v1 * bv;
                    c[c2 + j] += v2 * bv;
                    c[c3 + j] += v3 * bv;
                }
            }
        }
        for (; i < m; i++) {
            int ci = cOff + i * ldc;
            int ai = aOff + i * lda;
            for (int p = 0; p < k; p++) {
                float v = a[ai + p];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += v * b[bp + j];
                }
            }
        }
    }
}
