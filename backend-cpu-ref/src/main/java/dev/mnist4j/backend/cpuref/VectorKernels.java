package dev.mnist4j.backend.cpuref;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} with the JDK's Vector API and 512-bit vectors (16 floats): a vector holds 16
 * channels of one position. The convolutions keep a whole 2×2 pooling window's outputs in registers
 * (4 positions × 32 channels) while they run over the weights, so each weight vector loaded is used
 * four times and the pooling happens before anything is stored. Kernels hold at most 8 accumulators:
 * with 16, JDK 17's compiler stops keeping the vectors in registers and runs 15 times slower. Only
 * loaded when {@code jdk.incubator.vector} is enabled (see {@link Kernels#best()}).
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;
    private static final int ROW1 = POOLED1_SIDE * C1; // one row of the [13][13][32] map

    private VectorKernels() {}

    /** The kernels, or null when the CPU's preferred vectors are narrower than 512 bits. */
    static Kernels ifSupported() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? new VectorKernels() : null;
    }

    @Override
    public String description() {
        return "Vector API kernels (512-bit)";
    }

    @Override
    public void conv1Pool(float[] x, int xOff, float[] w, float[] bias, float[] out, float[] code, int outOff) {
        FloatVector bias0 = FloatVector.fromArray(S, bias, 0);
        FloatVector bias1 = FloatVector.fromArray(S, bias, L);
        for (int y = 0; y < POOLED1_SIDE; y++) {
            for (int x0 = 0; x0 < POOLED1_SIDE; x0++) {
                int src = xOff + 2 * y * 28 + 2 * x0;
                FloatVector a00 = bias0, a01 = bias1, a10 = bias0, a11 = bias1;
                FloatVector a20 = bias0, a21 = bias1, a30 = bias0, a31 = bias1;
                for (int k = 0; k < 9; k++) {
                    int p = src + (k / 3) * 28 + k % 3;
                    FloatVector w0 = FloatVector.fromArray(S, w, k * C1);
                    FloatVector w1 = FloatVector.fromArray(S, w, k * C1 + L);
                    FloatVector v0 = FloatVector.broadcast(S, x[p]);
                    FloatVector v1 = FloatVector.broadcast(S, x[p + 1]);
                    FloatVector v2 = FloatVector.broadcast(S, x[p + 28]);
                    FloatVector v3 = FloatVector.broadcast(S, x[p + 29]);
                    a00 = w0.fma(v0, a00);
                    a01 = w1.fma(v0, a01);
                    a10 = w0.fma(v1, a10);
                    a11 = w1.fma(v1, a11);
                    a20 = w0.fma(v2, a20);
                    a21 = w1.fma(v2, a21);
                    a30 = w0.fma(v3, a30);
                    a31 = w1.fma(v3, a31);
                }
                int at = outOff + (y * POOLED1_SIDE + x0) * C1;
                pool(a00, a10, a20, a30, out, code, at);
                pool(a01, a11, a21, a31, out, code, at + L);
            }
        }
    }

    @Override
    public void conv2Pool(float[] in, int inOff, float[] w, float[] bias, float[] out, float[] code, int outOff) {
        for (int y = 0; y < POOLED2_SIDE; y++) {
            for (int x0 = 0; x0 < POOLED2_SIDE; x0++) {
                int origin = inOff + 2 * y * ROW1 + 2 * x0 * C1;
                int at = outOff + (y * POOLED2_SIDE + x0) * C2;
                conv2Window(in, origin, w, bias, 0, out, code, at);
                conv2Window(in, origin, w, bias, 2 * L, out, code, at + 2 * L);
            }
        }
    }

    /**
     * One pooling window of conv2, channels {@code c0 .. c0+31}: the four positions' outputs stay in
     * 8 registers while the loop runs over the 288 weights rows.
     */
    private static void conv2Window(
            float[] in, int origin, float[] w, float[] bias, int c0, float[] out, float[] code, int at) {
        FloatVector a00 = FloatVector.fromArray(S, bias, c0);
        FloatVector a01 = FloatVector.fromArray(S, bias, c0 + L);
        FloatVector a10 = a00, a11 = a01, a20 = a00, a21 = a01, a30 = a00, a31 = a01;
        for (int ky = 0; ky < 3; ky++) {
            int p = origin + ky * ROW1;
            int wr = ky * 3 * C1 * C2 + c0;
            for (int t = 0; t < 3 * C1; t++) {
                FloatVector w0 = FloatVector.fromArray(S, w, wr + t * C2);
                FloatVector w1 = FloatVector.fromArray(S, w, wr + t * C2 + L);
                FloatVector v0 = FloatVector.broadcast(S, in[p + t]);
                FloatVector v1 = FloatVector.broadcast(S, in[p + t + C1]);
                FloatVector v2 = FloatVector.broadcast(S, in[p + t + ROW1]);
                FloatVector v3 = FloatVector.broadcast(S, in[p + t + ROW1 + C1]);
                a00 = w0.fma(v0, a00);
                a01 = w1.fma(v0, a01);
                a10 = w0.fma(v1, a10);
                a11 = w1.fma(v1, a11);
                a20 = w0.fma(v2, a20);
                a21 = w1.fma(v2, a21);
                a30 = w0.fma(v3, a30);
                a31 = w1.fma(v3, a31);
            }
        }
        pool(a00, a10, a20, a30, out, code, at);
        pool(a01, a11, a21, a31, out, code, at + L);
    }

    /** 2×2 max (first wins on ties) then ReLU, and the winner's code. */
    private static void pool(
            FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3, float[] out, float[] code, int at) {
        FloatVector m = s0;
        FloatVector c = FloatVector.zero(S);
        VectorMask<Float> gt = s1.compare(VectorOperators.GT, m);
        m = m.blend(s1, gt);
        c = c.blend(1f, gt);
        gt = s2.compare(VectorOperators.GT, m);
        m = m.blend(s2, gt);
        c = c.blend(2f, gt);
        gt = s3.compare(VectorOperators.GT, m);
        m = m.blend(s3, gt);
        c = c.blend(3f, gt);
        m.max(0f).intoArray(out, at);
        c.intoArray(code, at);
    }

    @Override
    public void conv1Backward(
            float[] x, int xOff, float[] pooled, float[] code, int off, float[] grad, float[] gw, float[] gb) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector gb0 = FloatVector.fromArray(S, gb, 0);
        FloatVector gb1 = FloatVector.fromArray(S, gb, L);
        for (int y = 0; y < POOLED1_SIDE; y++) {
            for (int x0 = 0; x0 < POOLED1_SIDE; x0++) {
                int q = (y * POOLED1_SIDE + x0) * C1;
                FloatVector g0 = zero.blend(
                        FloatVector.fromArray(S, grad, q),
                        FloatVector.fromArray(S, pooled, off + q).compare(VectorOperators.GT, 0f));
                FloatVector g1 = zero.blend(
                        FloatVector.fromArray(S, grad, q + L),
                        FloatVector.fromArray(S, pooled, off + q + L).compare(VectorOperators.GT, 0f));
                gb0 = gb0.add(g0);
                gb1 = gb1.add(g1);
                FloatVector c0 = FloatVector.fromArray(S, code, off + q);
                FloatVector c1 = FloatVector.fromArray(S, code, off + q + L);
                // The gradient of each of the window's four positions: g where that position won.
                FloatVector g00 = zero.blend(g0, c0.compare(VectorOperators.EQ, 0f));
                FloatVector g01 = zero.blend(g1, c1.compare(VectorOperators.EQ, 0f));
                FloatVector g10 = zero.blend(g0, c0.compare(VectorOperators.EQ, 1f));
                FloatVector g11 = zero.blend(g1, c1.compare(VectorOperators.EQ, 1f));
                FloatVector g20 = zero.blend(g0, c0.compare(VectorOperators.EQ, 2f));
                FloatVector g21 = zero.blend(g1, c1.compare(VectorOperators.EQ, 2f));
                FloatVector g30 = zero.blend(g0, c0.compare(VectorOperators.EQ, 3f));
                FloatVector g31 = zero.blend(g1, c1.compare(VectorOperators.EQ, 3f));
                int src = xOff + 2 * y * 28 + 2 * x0;
                for (int k = 0; k < 9; k++) {
                    int p = src + (k / 3) * 28 + k % 3;
                    FloatVector v0 = FloatVector.broadcast(S, x[p]);
                    FloatVector v1 = FloatVector.broadcast(S, x[p + 1]);
                    FloatVector v2 = FloatVector.broadcast(S, x[p + 28]);
                    FloatVector v3 = FloatVector.broadcast(S, x[p + 29]);
                    FloatVector w0 = FloatVector.fromArray(S, gw, k * C1);
                    FloatVector w1 = FloatVector.fromArray(S, gw, k * C1 + L);
                    w0 = g00.fma(v0, w0);
                    w1 = g01.fma(v0, w1);
                    w0 = g10.fma(v1, w0);
                    w1 = g11.fma(v1, w1);
                    w0 = g20.fma(v2, w0);
                    w1 = g21.fma(v2, w1);
                    w0 = g30.fma(v3, w0);
                    w1 = g31.fma(v3, w1);
                    w0.intoArray(gw, k * C1);
                    w1.intoArray(gw, k * C1 + L);
                }
            }
        }
        gb0.intoArray(gb, 0);
        gb1.intoArray(gb, L);
    }

    /** Per thread: where each pooled value's gradient goes, and the channels of each window grouped by winner. */
    private static final ThreadLocal<Routing> ROUTING = ThreadLocal.withInitial(Routing::new);

    private static final class Routing {
        /** Per pooled value (window-major): the gradient (0 where the ReLU blocked it) and its input patch. */
        final float[] grads = new float[POOLED2_SIDE * POOLED2_SIDE * C2];

        final int[] patches = new int[POOLED2_SIDE * POOLED2_SIDE * C2];
        /** Of the current window: channels whose winner is position s at {@code s·64 ..}, with their gradients. */
        final int[] bucketChannels = new int[4 * C2];

        final float[] bucketGrads = new float[4 * C2];
        final int[] counts = new int[4];
    }

    /**
     * Same result as {@link PlainKernels}' version (to rounding), with the sums kept in registers: the
     * weight gradient of one output channel sums over the 25 windows before it touches memory, and
     * the input gradient of one window position sums over the channels that chose it. Where each
     * gradient goes is worked out once, first; the vector loops have no branches (JDK 17's compiler
     * boxes vectors that live across one).
     */
    @Override
    public void conv2Backward(
            float[] in,
            int inOff,
            float[] pooled,
            float[] code,
            float[] grad,
            int off,
            float[] w,
            float[] inGrad,
            float[] gw,
            float[] gb) {
        Routing r = ROUTING.get();
        for (int win = 0; win < POOLED2_SIDE * POOLED2_SIDE; win++) {
            int y = win / POOLED2_SIDE;
            int x = win % POOLED2_SIDE;
            for (int co = 0; co < C2; co++) {
                int q = win * C2 + co;
                int s = (int) code[off + q];
                r.grads[q] = pooled[off + q] > 0f ? grad[off + q] : 0f;
                r.patches[q] = (2 * y + (s >> 1)) * ROW1 + (2 * x + (s & 1)) * C1;
            }
        }
        for (int co = 0; co < C2; co++) {
            float bias = 0f;
            for (int win = 0; win < POOLED2_SIDE * POOLED2_SIDE; win++) {
                bias += r.grads[win * C2 + co];
            }
            gb[co] += bias;
            for (int ky = 0; ky < 3; ky++) {
                weightGradientRow(in, inOff + ky * ROW1, r, co, gw, co * K2 + ky * 3 * C1);
            }
        }
        Arrays.fill(inGrad, 0f);
        for (int win = 0; win < POOLED2_SIDE * POOLED2_SIDE; win++) {
            Arrays.fill(r.counts, 0);
            for (int co = 0; co < C2; co++) {
                float g = r.grads[win * C2 + co];
                if (g != 0f) {
                    int s = (int) code[off + win * C2 + co];
                    int at = s * C2 + r.counts[s]++;
                    r.bucketChannels[at] = co;
                    r.bucketGrads[at] = g;
                }
            }
            int y = win / POOLED2_SIDE;
            int x = win % POOLED2_SIDE;
            for (int s = 0; s < 4; s++) {
                if (r.counts[s] == 0) {
                    continue;
                }
                int patch = (2 * y + (s >> 1)) * ROW1 + (2 * x + (s & 1)) * C1;
                for (int ky = 0; ky < 3; ky++) {
                    inputGradientRow(r, s, w, ky * 3 * C1, inGrad, patch + ky * ROW1);
                }
            }
        }
    }

    /** {@code gw[at .. at+96) += Σ over windows of g · (the winning position's 96 inputs of one kernel row)}. */
    private static void weightGradientRow(float[] in, int inRow, Routing r, int co, float[] gw, int at) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        for (int q = co; q < POOLED2_SIDE * POOLED2_SIDE * C2; q += C2) {
            int p = inRow + r.patches[q];
            FloatVector v = FloatVector.broadcast(S, r.grads[q]);
            a0 = FloatVector.fromArray(S, in, p).fma(v, a0);
            a1 = FloatVector.fromArray(S, in, p + L).fma(v, a1);
            a2 = FloatVector.fromArray(S, in, p + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, in, p + 3 * L).fma(v, a3);
            a4 = FloatVector.fromArray(S, in, p + 4 * L).fma(v, a4);
            a5 = FloatVector.fromArray(S, in, p + 5 * L).fma(v, a5);
        }
        a0.add(FloatVector.fromArray(S, gw, at)).intoArray(gw, at);
        a1.add(FloatVector.fromArray(S, gw, at + L)).intoArray(gw, at + L);
        a2.add(FloatVector.fromArray(S, gw, at + 2 * L)).intoArray(gw, at + 2 * L);
        a3.add(FloatVector.fromArray(S, gw, at + 3 * L)).intoArray(gw, at + 3 * L);
        a4.add(FloatVector.fromArray(S, gw, at + 4 * L)).intoArray(gw, at + 4 * L);
        a5.add(FloatVector.fromArray(S, gw, at + 5 * L)).intoArray(gw, at + 5 * L);
    }

    /** {@code inGrad[at .. at+96) += Σ over the channels in bucket s of g · (their weights' 96 of one kernel row)}. */
    private static void inputGradientRow(Routing r, int s, float[] w, int rowOff, float[] inGrad, int at) {
        FloatVector a0 = FloatVector.fromArray(S, inGrad, at);
        FloatVector a1 = FloatVector.fromArray(S, inGrad, at + L);
        FloatVector a2 = FloatVector.fromArray(S, inGrad, at + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, inGrad, at + 3 * L);
        FloatVector a4 = FloatVector.fromArray(S, inGrad, at + 4 * L);
        FloatVector a5 = FloatVector.fromArray(S, inGrad, at + 5 * L);
        for (int i = s * C2, end = s * C2 + r.counts[s]; i < end; i++) {
            int p = r.bucketChannels[i] * K2 + rowOff;
            FloatVector v = FloatVector.broadcast(S, r.bucketGrads[i]);
            a0 = FloatVector.fromArray(S, w, p).fma(v, a0);
            a1 = FloatVector.fromArray(S, w, p + L).fma(v, a1);
            a2 = FloatVector.fromArray(S, w, p + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, w, p + 3 * L).fma(v, a3);
            a4 = FloatVector.fromArray(S, w, p + 4 * L).fma(v, a4);
            a5 = FloatVector.fromArray(S, w, p + 5 * L).fma(v, a5);
        }
        a0.intoArray(inGrad, at);
        a1.intoArray(inGrad, at + L);
        a2.intoArray(inGrad, at + 2 * L);
        a3.intoArray(inGrad, at + 3 * L);
        a4.intoArray(inGrad, at + 4 * L);
        a5.intoArray(inGrad, at + 5 * L);
    }

    /**
     * Blocks of 4 rows × 32 columns of C stay in 8 registers while the loop runs over k (with 16,
     * JDK 17's compiler stops keeping them in registers and the kernel gets 15 times slower); then
     * column blocks of 16, then leftover rows and columns.
     */
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
        int n16 = n - n % L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 2 * L <= n16; j += 2 * L) {
                rows4cols32(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
            for (; j < n16; j += L) {
                rows4cols16(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
        }
        for (; i < m; i++) {
            int j = 0;
            for (; j + 4 * L <= n16; j += 4 * L) {
                row1cols64(k, a, aOff + i * lda, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
            for (; j < n16; j += L) {
                FloatVector acc = FloatVector.fromArray(S, c, cOff + i * ldc + j);
                int ai = aOff + i * lda;
                for (int p = 0; p < k; p++) {
                    acc = FloatVector.fromArray(S, b, bOff + p * ldb + j).fma(FloatVector.broadcast(S, a[ai + p]), acc);
                }
                acc.intoArray(c, cOff + i * ldc + j);
            }
        }
        if (n16 < n) {
            PlainKernels.plainMultiplyAdd(m, n - n16, k, a, aOff, lda, b, bOff + n16, ldb, c, cOff + n16, ldc);
        }
    }

    /** One row of C (a single image), four independent accumulators so the FMAs overlap. */
    private static void row1cols64(int k, float[] a, int a0, float[] b, int b0, int ldb, float[] c, int c0) {
        FloatVector x0 = FloatVector.fromArray(S, c, c0);
        FloatVector x1 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector x2 = FloatVector.fromArray(S, c, c0 + 2 * L);
        FloatVector x3 = FloatVector.fromArray(S, c, c0 + 3 * L);
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            x0 = FloatVector.fromArray(S, b, bp).fma(v, x0);
            x1 = FloatVector.fromArray(S, b, bp + L).fma(v, x1);
            x2 = FloatVector.fromArray(S, b, bp + 2 * L).fma(v, x2);
            x3 = FloatVector.fromArray(S, b, bp + 3 * L).fma(v, x3);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + L);
        x2.intoArray(c, c0 + 2 * L);
        x3.intoArray(c, c0 + 3 * L);
    }

    private static void rows4cols32(
            int k, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector x00 = FloatVector.fromArray(S, c, c0);
        FloatVector x01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector x10 = FloatVector.fromArray(S, c, c1);
        FloatVector x11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector x20 = FloatVector.fromArray(S, c, c2);
        FloatVector x21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector x30 = FloatVector.fromArray(S, c, c3);
        FloatVector x31 = FloatVector.fromArray(S, c, c3 + L);
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            FloatVector w0 = FloatVector.fromArray(S, b, bp);
            FloatVector w1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector v0 = FloatVector.broadcast(S, a[a0 + p]);
            FloatVector v1 = FloatVector.broadcast(S, a[a0 + lda + p]);
            FloatVector v2 = FloatVector.broadcast(S, a[a0 + 2 * lda + p]);
            FloatVector v3 = FloatVector.broadcast(S, a[a0 + 3 * lda + p]);
            x00 = w0.fma(v0, x00);
            x01 = w1.fma(v0, x01);
            x10 = w0.fma(v1, x10);
            x11 = w1.fma(v1, x11);
            x20 = w0.fma(v2, x20);
            x21 = w1.fma(v2, x21);
            x30 = w0.fma(v3, x30);
            x31 = w1.fma(v3, x31);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
    }

    private static void rows4cols16(
            int k, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
        FloatVector x0 = FloatVector.fromArray(S, c, c0);
        FloatVector x1 = FloatVector.fromArray(S, c, c0 + ldc);
        FloatVector x2 = FloatVector.fromArray(S, c, c0 + 2 * ldc);
        FloatVector x3 = FloatVector.fromArray(S, c, c0 + 3 * ldc);
        for (int p = 0; p < k; p++) {
            FloatVector w = FloatVector.fromArray(S, b, b0 + p * ldb);
            x0 = w.fma(FloatVector.broadcast(S, a[a0 + p]), x0);
            x1 = w.fma(FloatVector.broadcast(S, a[a0 + lda + p]), x1);
            x2 = w.fma(FloatVector.broadcast(S, a[a0 + 2 * lda + p]), x2);
            x3 = w.fma(FloatVector.broadcast(S, a[a0 + 3 * lda + p]), x3);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + ldc);
        x2.intoArray(c, c0 + 2 * ldc);
        x3.intoArray(c, c0 + 3 * ldc);
    }
}
