package dev.mnist4j.backend.cpuref;

/**
 * Row-major matrix multiply-accumulate, {@code C += A·B}. Four rows of C are updated per pass over a
 * row of B, with a unit-stride inner loop the JIT vectorises.
 */
final class Gemm {
    private Gemm() {
    }

    /**
     * {@code C[m×n] += A[m×k] · B[k×n]}; each matrix is given by array, offset and row stride.
     */
    static void multiplyAdd(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc) {
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

    /** {@code dst[cols×rows] = srcᵀ} for a row-major {@code src[rows×cols]}. */
    static void transpose(float[] src, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = src[r * cols + c];
            }
        }
    }

    /** Sets each of {@code rows} rows of length {@code cols} in {@code dst} to the row's bias. */
    static void fillRowsWithBias(float[] dst, int off, int rows, int cols, float[] bias) {
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(dst, off + r * cols, off + (r + 1) * cols, bias[r]);
        }
    }

    /** Sets each of {@code rows} rows of length {@code bias.length} in {@code dst} to the bias vector. */
    static void fillColumnsWithBias(float[] dst, int off, int rows, float[] bias) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, 0, dst, off + r * bias.length, bias.length);
        }
    }
}
