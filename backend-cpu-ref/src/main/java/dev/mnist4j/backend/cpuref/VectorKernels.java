package dev.mnist4j.backend.cpuref;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} with the JDK's Vector API, written once for the CPU's preferred vector width: 512
 * bits (AVX-512, 16 floats), 256 (AVX2, 8) or 128 (NEON or SSE, 4). A vector holds {@code L}
 * channels of one position, and the kernels work on one vector of channels, blocks of {@code 2L},
 * or {@code 4L} where that pays ({@code WIDE}). Conv1 keeps a whole 2×2 pooling window's outputs
 * in registers (4 positions × a vector) while it runs over the weights, so each weight vector
 * loaded is used four times and the pooling happens before anything is stored; conv2's products do
 * the same with four or five windows. Vectors that live across a branch or a nested loop are boxed
 * by JDK 17's compiler (10 to 15 times slower), and so are vectors passed to a method it does not
 * inline (it stops inlining into a method that has grown too large), so each kernel's accumulators
 * live in one flat loop and sums stay in registers rather than in arrays. Conv2's forward is
 * Winograd's algorithm ({@link #conv2Pool}). Only loaded when {@code jdk.incubator.vector} is
 * enabled (see {@link Kernels#best()}).
 */
final class VectorKernels implements Kernels {
    /**
     * The species, a constant the JIT folds into every kernel: the preferred one, capped at 512 bits
     * since conv2's backward passes over a kernel row's 96 floats six vectors at a time
     * ({@link #ROW_PART}); or the width {@code -Dmnist4j.cpuref.vectorBits} asks for (checked by
     * {@link Kernels#best()}), so that the tests run every width's kernels on any CPU. Wider than
     * the CPU's vectors, the Vector API still computes them exactly, only emulated.
     */
    private static final VectorSpecies<Float> S = species(Integer.getInteger(Kernels.VECTOR_BITS, 0));

    private static final int L = S.length();
    /** Ints of the same shape, for the bit masks of {@link #conv2Backward}. */
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    /** Channels per block: two vectors. */
    private static final int BLOCK = 2 * L;
    /** Floats of one conv2 kernel row (3 positions × 32 channels) summed per pass: six vectors (but see {@link #WHOLE_ROW}). */
    private static final int ROW_PART = 6 * L;

    private static final int ROW1 = POOLED1_SIDE * C1; // one row of the [13][13][32] map

    private VectorKernels() {}

    private static VectorSpecies<Float> species(int bits) {
        if (bits != 0) {
            return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
        }
        return FloatVector.SPECIES_PREFERRED.length() > 16 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;
    }

    /** The kernels, or null when their vectors would hold fewer than 4 floats. */
    static Kernels ifSupported() {
        return L >= 4 ? new VectorKernels() : null;
    }

    /** Bits of the vectors these kernels run on. */
    static int bits() {
        return S.vectorBitSize();
    }

    /** Whether the vectors are wider than the CPU's, so that the Vector API emulates them, many times slower. */
    static boolean emulated() {
        return S.vectorBitSize() > FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    @Override
    public String description() {
        String kernels = "Vector API kernels (" + S.vectorBitSize() + "-bit)";
        return emulated()
                ? kernels + ", emulated: wider than this CPU's " + FloatVector.SPECIES_PREFERRED.vectorBitSize()
                        + "-bit vectors (-D" + Kernels.VECTOR_BITS + "), many times slower"
                : kernels;
    }

    @Override
    public void conv1Pool(float[] x, int xOff, float[] w, float[] bias, float[] out, float[] code, int outOff) {
        for (int y = 0; y < POOLED1_SIDE; y++) {
            for (int x0 = 0; x0 < POOLED1_SIDE; x0 += 2) {
                // a row's 13 windows in pairs, the last pair overlapping the one before by a window
                int left = Math.min(x0, POOLED1_SIDE - 2);
                int src = xOff + 2 * y * 28 + 2 * left;
                int at = outOff + (y * POOLED1_SIDE + left) * C1;
                for (int c = 0; c < C1; c += L) {
                    conv1Windows(x, src, w, bias, c, out, code, at + c);
                }
            }
        }
    }

    /**
     * Two pooling windows of conv1 side by side, channels {@code c .. c+L-1}: their 8 positions in
     * registers, one kernel row at a time, the two windows sharing two input columns and every
     * weight vector (36 broadcasts and 9 weight loads for 72 multiply-adds). JMH, conv1's forward
     * per image, against one window per call: 512 bits 5.5 against 6.2 µs, 256 bits 7.6 against 7.4
     * (AVX2's 16 registers do not hold it all), 128 bits 11.4 against 14.5; a row's odd 13th window
     * is paired with the 12th, computed twice, rather than given a copy of this kernel for one
     * window (which saved 0.2–0.6 µs). (A loop over the nine
     * positions, with its index arithmetic and broadcasts, took 6.35 µs at 512 bits; two vectors of
     * channels at once grow the method past what JDK 17's compiler inlines {@link #pool} into, whose
     * vectors are then boxed: 12.8 µs.)
     */
    private static void conv1Windows(
            float[] x, int src, float[] w, float[] bias, int c, float[] out, float[] code, int at) {
        FloatVector a0 = FloatVector.fromArray(S, bias, c);
        FloatVector a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int ky = 0; ky < 3; ky++) {
            int p = src + ky * 28;
            int k = ky * 3 * C1 + c;
            FloatVector t0 = FloatVector.broadcast(S, x[p]);
            FloatVector t1 = FloatVector.broadcast(S, x[p + 1]);
            FloatVector t2 = FloatVector.broadcast(S, x[p + 2]);
            FloatVector t3 = FloatVector.broadcast(S, x[p + 3]);
            FloatVector t4 = FloatVector.broadcast(S, x[p + 4]);
            FloatVector t5 = FloatVector.broadcast(S, x[p + 5]);
            FloatVector u0 = FloatVector.broadcast(S, x[p + 28]);
            FloatVector u1 = FloatVector.broadcast(S, x[p + 29]);
            FloatVector u2 = FloatVector.broadcast(S, x[p + 30]);
            FloatVector u3 = FloatVector.broadcast(S, x[p + 31]);
            FloatVector u4 = FloatVector.broadcast(S, x[p + 32]);
            FloatVector u5 = FloatVector.broadcast(S, x[p + 33]);
            FloatVector w0 = FloatVector.fromArray(S, w, k);
            a0 = w0.fma(t0, a0);
            a1 = w0.fma(t1, a1);
            a2 = w0.fma(u0, a2);
            a3 = w0.fma(u1, a3);
            b0 = w0.fma(t2, b0);
            b1 = w0.fma(t3, b1);
            b2 = w0.fma(u2, b2);
            b3 = w0.fma(u3, b3);
            FloatVector w1 = FloatVector.fromArray(S, w, k + C1);
            a0 = w1.fma(t1, a0);
            a1 = w1.fma(t2, a1);
            a2 = w1.fma(u1, a2);
            a3 = w1.fma(u2, a3);
            b0 = w1.fma(t3, b0);
            b1 = w1.fma(t4, b1);
            b2 = w1.fma(u3, b2);
            b3 = w1.fma(u4, b3);
            FloatVector w2 = FloatVector.fromArray(S, w, k + 2 * C1);
            a0 = w2.fma(t2, a0);
            a1 = w2.fma(t3, a1);
            a2 = w2.fma(u2, a2);
            a3 = w2.fma(u3, a3);
            b0 = w2.fma(t4, b0);
            b1 = w2.fma(t5, b1);
            b2 = w2.fma(u4, b2);
            b3 = w2.fma(u5, b3);
        }
        pool(a0, a1, a2, a3, out, code, at);
        pool(b0, b1, b2, b3, out, code, at + C1);
    }

    /**
     * With 128-bit vectors, the matrix products run over blocks of four vectors (16 accumulators),
     * so each broadcast feeds four FMAs: there the CPU has 32 vector registers (NEON; AVX-512's
     * 128-bit form here). Measured with JMH per chunk of 16 (fc1's forward, input and weight
     * gradients), four vectors against two: 128-bit 71/88/96 µs against 105/113/123; 256-bit (AVX2
     * has 16 registers) 64/75/91 against 52/75/80; 512-bit 35/42/54 against 43/55/57, but whole
     * training steps (mnist4j bench) were no faster at 512 bits, so two vectors stay there.
     */
    private static final boolean WIDE = L == 4;

    /**
     * With 512-bit vectors, the matrix products run over blocks of 8 rows (16 accumulators) where C
     * has them, so B is read half as often: fc1's B is 400 KB, which in a training step is not in L2
     * (its transpose, the chunks' gradients and the conv layers' data compete for it). Whole training
     * steps, with fc1's weight gradient made per batch ({@link Fc1Factors}), eight separate JVMs of
     * each version alternated: the fastest step 4.7% shorter; 16 rows × 1 vector (16 broadcasts per
     * 16 FMAs) was no better than 8 × 2. AVX2's 16 registers do not hold 16 accumulators, and 128-bit
     * vectors have {@link #WIDE}.
     */
    private static final boolean TALL = L == 16;

    /** Windows of conv2's pooling. */
    private static final int WINDOWS = POOLED2_SIDE * POOLED2_SIDE;
    /**
     * Windows per register block of the Winograd products: 5, so 10 accumulators, and the 25
     * windows are 5 blocks with none to pad. With 8-float vectors too: AVX2 has 16 registers, and
     * the 10 accumulators, 2 weight vectors and the broadcast in use fit. (Blocks of 4 there, with 3
     * padding windows, took 66.9 ± 8.5 µs per image of conv2's forward in JMH against these 56.1 ±
     * 0.8, on a first-generation AMD EPYC, AVX2 only.)
     */
    private static final int WINDOW_BLOCK = 5;

    /** Per thread: the transformed input patches {@code [16][25][32]} and products {@code [16][25][64]}. */
    private static final ThreadLocal<float[]> PATCHES = ThreadLocal.withInitial(() -> new float[16 * WINDOWS * C1]);

    private static final ThreadLocal<float[]> PRODUCTS = ThreadLocal.withInitial(() -> new float[16 * WINDOWS * C2]);

    /**
     * By Winograd's F(2×2, 3×3) ({@link Winograd}): each pooling window's 4×4 input patch is
     * transformed, then for each of the 16 transformed points the 25 windows are multiplied by that
     * point's {@code [32][64]} weights, {@link #WINDOW_BLOCK} windows × 2 vectors in registers, and
     * the products are transformed back into the window's 2×2 outputs and pooled. Less than half the
     * multiplications of the direct convolution. (A direct kernel, blocked like conv1,
     * took 35.8 µs per image against these 21.3 in JMH at 512 bits.)
     */
    @Override
    public void conv2Pool(
            float[] in, int inOff, float[] w, float[] u, float[] bias, float[] out, float[] code, int outOff) {
        float[] v = PATCHES.get();
        float[] m = PRODUCTS.get();
        // inputs: V = Bᵀ·d·B for each window's 4×4 patch, L channels at a time
        for (int win = 0; win < WINDOWS; win++) {
            int origin = inOff + 2 * (win / POOLED2_SIDE) * ROW1 + 2 * (win % POOLED2_SIDE) * C1;
            for (int ci = 0; ci < C1; ci += L) {
                transformPatch(in, origin + ci, v, win * C1 + ci);
            }
        }
        // products: for each of the 16 points, [25 windows × 32] · [32 × 64]
        int vPoint = WINDOWS * C1;
        int uPoint = C1 * C2;
        int mPoint = WINDOWS * C2;
        for (int pt = 0; pt < 16; pt++) {
            for (int c0 = 0; c0 < C2; c0 += BLOCK) {
                for (int win = 0; win < WINDOWS; win += WINDOW_BLOCK) {
                    pointProducts(v, pt * vPoint + win * C1, u, pt * uPoint + c0, m, pt * mPoint + win * C2 + c0);
                }
            }
        }
        // outputs: Y = Aᵀ·M·A, the 2×2 window, plus bias; then pooling
        for (int win = 0; win < WINDOWS; win++) {
            for (int c = 0; c < C2; c += L) {
                int at = win * C2 + c;
                outputWindow(m, at, mPoint, bias, c, out, code, outOff + at);
            }
        }
    }

    /** {@code V = Bᵀ·d·B} for the 4×4 patch at {@code p}, L channels: 16 vectors, one per point. */
    private static void transformPatch(float[] in, int p, float[] v, int at) {
        int point = WINDOWS * C1;
        // d·B, row by row: columns (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
        FloatVector d0 = FloatVector.fromArray(S, in, p);
        FloatVector d1 = FloatVector.fromArray(S, in, p + C1);
        FloatVector d2 = FloatVector.fromArray(S, in, p + 2 * C1);
        FloatVector d3 = FloatVector.fromArray(S, in, p + 3 * C1);
        FloatVector e00 = d0.sub(d2), e01 = d1.add(d2), e02 = d2.sub(d1), e03 = d1.sub(d3);
        d0 = FloatVector.fromArray(S, in, p + ROW1);
        d1 = FloatVector.fromArray(S, in, p + ROW1 + C1);
        d2 = FloatVector.fromArray(S, in, p + ROW1 + 2 * C1);
        d3 = FloatVector.fromArray(S, in, p + ROW1 + 3 * C1);
        FloatVector e10 = d0.sub(d2), e11 = d1.add(d2), e12 = d2.sub(d1), e13 = d1.sub(d3);
        d0 = FloatVector.fromArray(S, in, p + 2 * ROW1);
        d1 = FloatVector.fromArray(S, in, p + 2 * ROW1 + C1);
        d2 = FloatVector.fromArray(S, in, p + 2 * ROW1 + 2 * C1);
        d3 = FloatVector.fromArray(S, in, p + 2 * ROW1 + 3 * C1);
        FloatVector e20 = d0.sub(d2), e21 = d1.add(d2), e22 = d2.sub(d1), e23 = d1.sub(d3);
        d0 = FloatVector.fromArray(S, in, p + 3 * ROW1);
        d1 = FloatVector.fromArray(S, in, p + 3 * ROW1 + C1);
        d2 = FloatVector.fromArray(S, in, p + 3 * ROW1 + 2 * C1);
        d3 = FloatVector.fromArray(S, in, p + 3 * ROW1 + 3 * C1);
        FloatVector e30 = d0.sub(d2), e31 = d1.add(d2), e32 = d2.sub(d1), e33 = d1.sub(d3);
        // Bᵀ·(d·B), column by column: rows (e0 - e2, e1 + e2, e2 - e1, e1 - e3)
        e00.sub(e20).intoArray(v, at);
        e01.sub(e21).intoArray(v, at + point);
        e02.sub(e22).intoArray(v, at + 2 * point);
        e03.sub(e23).intoArray(v, at + 3 * point);
        e10.add(e20).intoArray(v, at + 4 * point);
        e11.add(e21).intoArray(v, at + 5 * point);
        e12.add(e22).intoArray(v, at + 6 * point);
        e13.add(e23).intoArray(v, at + 7 * point);
        e20.sub(e10).intoArray(v, at + 8 * point);
        e21.sub(e11).intoArray(v, at + 9 * point);
        e22.sub(e12).intoArray(v, at + 10 * point);
        e23.sub(e13).intoArray(v, at + 11 * point);
        e10.sub(e30).intoArray(v, at + 12 * point);
        e11.sub(e31).intoArray(v, at + 13 * point);
        e12.sub(e32).intoArray(v, at + 14 * point);
        e13.sub(e33).intoArray(v, at + 15 * point);
    }

    /**
     * {@code m[5 windows][2L] = v[5 windows][32] · u[32][2L]} ({@link #WINDOW_BLOCK}): the
     * arithmetic of {@link #rows4cols2v}, but starting from zero rather than adding into {@code m},
     * which would need zeroing first.
     */
    private static void pointProducts(float[] v, int vAt, float[] u, int uAt, float[] m, int mAt) {
        FloatVector a00 = FloatVector.zero(S),
                a01 = a00,
                a10 = a00,
                a11 = a00,
                a20 = a00,
                a21 = a00,
                a30 = a00,
                a31 = a00,
                a40 = a00,
                a41 = a00;
        for (int ci = 0; ci < C1; ci++) {
            FloatVector w0 = FloatVector.fromArray(S, u, uAt + ci * C2);
            FloatVector w1 = FloatVector.fromArray(S, u, uAt + ci * C2 + L);
            FloatVector v0 = FloatVector.broadcast(S, v[vAt + ci]);
            FloatVector v1 = FloatVector.broadcast(S, v[vAt + C1 + ci]);
            FloatVector v2 = FloatVector.broadcast(S, v[vAt + 2 * C1 + ci]);
            FloatVector v3 = FloatVector.broadcast(S, v[vAt + 3 * C1 + ci]);
            FloatVector v4 = FloatVector.broadcast(S, v[vAt + 4 * C1 + ci]);
            a00 = w0.fma(v0, a00);
            a01 = w1.fma(v0, a01);
            a10 = w0.fma(v1, a10);
            a11 = w1.fma(v1, a11);
            a20 = w0.fma(v2, a20);
            a21 = w1.fma(v2, a21);
            a30 = w0.fma(v3, a30);
            a31 = w1.fma(v3, a31);
            a40 = w0.fma(v4, a40);
            a41 = w1.fma(v4, a41);
        }
        a00.intoArray(m, mAt);
        a01.intoArray(m, mAt + L);
        a10.intoArray(m, mAt + C2);
        a11.intoArray(m, mAt + C2 + L);
        a20.intoArray(m, mAt + 2 * C2);
        a21.intoArray(m, mAt + 2 * C2 + L);
        a30.intoArray(m, mAt + 3 * C2);
        a31.intoArray(m, mAt + 3 * C2 + L);
        a40.intoArray(m, mAt + 4 * C2);
        a41.intoArray(m, mAt + 4 * C2 + L);
    }

    /**
     * {@code Y = Aᵀ·M·A} for one window, L channels, plus the bias, pooled into {@code out} and
     * {@code code} at {@code outAt}. (The four outputs once went back through {@code m} for the
     * caller to pool, lest {@link #pool} not be inlined here and its vectors be boxed; it is
     * inlined, and the round trip cost a store and a load per vector: JMH at 512 bits, conv2's
     * forward 18.6–19.1 against 17.7–17.8 µs per image.)
     */
    private static void outputWindow(
            float[] m, int at, int point, float[] biases, int c, float[] out, float[] code, int outAt) {
        FloatVector bias = FloatVector.fromArray(S, biases, c);
        // Aᵀ·M, column by column: rows (m0 + m1 + m2, m1 - m2 - m3)
        FloatVector m1 = FloatVector.fromArray(S, m, at + 4 * point);
        FloatVector m2 = FloatVector.fromArray(S, m, at + 8 * point);
        FloatVector t00 = FloatVector.fromArray(S, m, at).add(m1).add(m2);
        FloatVector t10 = m1.sub(m2).sub(FloatVector.fromArray(S, m, at + 12 * point));
        m1 = FloatVector.fromArray(S, m, at + 5 * point);
        m2 = FloatVector.fromArray(S, m, at + 9 * point);
        FloatVector t01 = FloatVector.fromArray(S, m, at + point).add(m1).add(m2);
        FloatVector t11 = m1.sub(m2).sub(FloatVector.fromArray(S, m, at + 13 * point));
        m1 = FloatVector.fromArray(S, m, at + 6 * point);
        m2 = FloatVector.fromArray(S, m, at + 10 * point);
        FloatVector t02 = FloatVector.fromArray(S, m, at + 2 * point).add(m1).add(m2);
        FloatVector t12 = m1.sub(m2).sub(FloatVector.fromArray(S, m, at + 14 * point));
        m1 = FloatVector.fromArray(S, m, at + 7 * point);
        m2 = FloatVector.fromArray(S, m, at + 11 * point);
        FloatVector t03 = FloatVector.fromArray(S, m, at + 3 * point).add(m1).add(m2);
        FloatVector t13 = m1.sub(m2).sub(FloatVector.fromArray(S, m, at + 15 * point));
        // (Aᵀ·M)·A: columns (t0 + t1 + t2, t1 - t2 - t3)
        pool(
                t00.add(t01).add(t02).add(bias),
                t01.sub(t02).sub(t03).add(bias),
                t10.add(t11).add(t12).add(bias),
                t11.sub(t12).sub(t13).add(bias),
                out,
                code,
                outAt);
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
            float[] x,
            int xOff,
            float[] pooled,
            float[] code,
            int off,
            float[] grad,
            int gradOff,
            float[] gw,
            float[] gb) {
        for (int c = 0; c < C1; c += L) {
            conv1BackwardLanes(x, xOff, pooled, code, off, grad, gradOff, gw, gb, c);
        }
    }

    /**
     * Conv1's gradients for channels {@code c .. c+L-1}. A channel's gradient at a pooled output goes
     * to the one position of its window that won the max, so each lane of the weight gradient takes
     * the input at its own winner, picked from the window's 4×4 patch by blends: in each row the
     * winning column (the code's low bit), then the winning row (its high bit). One FMA per kernel
     * position and window, where four (three of them by zero) did the same; the nine sums stay in
     * registers over all 169 windows, where a sum kept in memory made each window wait for the
     * last one's stores.
     */
    private static void conv1BackwardLanes(
            float[] x,
            int xOff,
            float[] pooled,
            float[] code,
            int off,
            float[] grad,
            int gradOff,
            float[] gw,
            float[] gb,
            int c) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector bias = FloatVector.fromArray(S, gb, c);
        FloatVector w0 = FloatVector.fromArray(S, gw, c);
        FloatVector w1 = FloatVector.fromArray(S, gw, C1 + c);
        FloatVector w2 = FloatVector.fromArray(S, gw, 2 * C1 + c);
        FloatVector w3 = FloatVector.fromArray(S, gw, 3 * C1 + c);
        FloatVector w4 = FloatVector.fromArray(S, gw, 4 * C1 + c);
        FloatVector w5 = FloatVector.fromArray(S, gw, 5 * C1 + c);
        FloatVector w6 = FloatVector.fromArray(S, gw, 6 * C1 + c);
        FloatVector w7 = FloatVector.fromArray(S, gw, 7 * C1 + c);
        FloatVector w8 = FloatVector.fromArray(S, gw, 8 * C1 + c);
        for (int win = 0; win < POOLED1_SIDE * POOLED1_SIDE; win++) {
            int q = win * C1 + c;
            FloatVector g = zero.blend(
                    FloatVector.fromArray(S, grad, gradOff + q),
                    FloatVector.fromArray(S, pooled, off + q).compare(VectorOperators.GT, 0f));
            bias = bias.add(g);
            FloatVector k = FloatVector.fromArray(S, code, off + q);
            // codes 1 and 3 won in the right column, 2 and 3 in the lower row
            VectorMask<Float> right = k.compare(VectorOperators.EQ, 1f).or(k.compare(VectorOperators.EQ, 3f));
            VectorMask<Float> lower = k.compare(VectorOperators.GE, 2f);
            int y = win / POOLED1_SIDE;
            int p = xOff + 2 * y * 28 + 2 * (win - y * POOLED1_SIDE);
            // row 0 of the patch at each lane's winning column
            FloatVector x0 = FloatVector.broadcast(S, x[p]);
            FloatVector x1 = FloatVector.broadcast(S, x[p + 1]);
            FloatVector x2 = FloatVector.broadcast(S, x[p + 2]);
            FloatVector x3 = FloatVector.broadcast(S, x[p + 3]);
            FloatVector r00 = x0.blend(x1, right);
            FloatVector r01 = x1.blend(x2, right);
            FloatVector r02 = x2.blend(x3, right);
            // row 1 of the patch at each lane's winning column; with the row above, the winning row for kernel row 0
            x0 = FloatVector.broadcast(S, x[p + 28]);
            x1 = FloatVector.broadcast(S, x[p + 29]);
            x2 = FloatVector.broadcast(S, x[p + 30]);
            x3 = FloatVector.broadcast(S, x[p + 31]);
            FloatVector r10 = x0.blend(x1, right);
            FloatVector r11 = x1.blend(x2, right);
            FloatVector r12 = x2.blend(x3, right);
            w0 = g.fma(r00.blend(r10, lower), w0);
            w1 = g.fma(r01.blend(r11, lower), w1);
            w2 = g.fma(r02.blend(r12, lower), w2);
            // row 2 of the patch at each lane's winning column; with the row above, the winning row for kernel row 1
            x0 = FloatVector.broadcast(S, x[p + 56]);
            x1 = FloatVector.broadcast(S, x[p + 57]);
            x2 = FloatVector.broadcast(S, x[p + 58]);
            x3 = FloatVector.broadcast(S, x[p + 59]);
            r00 = x0.blend(x1, right);
            r01 = x1.blend(x2, right);
            r02 = x2.blend(x3, right);
            w3 = g.fma(r10.blend(r00, lower), w3);
            w4 = g.fma(r11.blend(r01, lower), w4);
            w5 = g.fma(r12.blend(r02, lower), w5);
            // row 3 of the patch at each lane's winning column; with the row above, the winning row for kernel row 2
            x0 = FloatVector.broadcast(S, x[p + 84]);
            x1 = FloatVector.broadcast(S, x[p + 85]);
            x2 = FloatVector.broadcast(S, x[p + 86]);
            x3 = FloatVector.broadcast(S, x[p + 87]);
            r10 = x0.blend(x1, right);
            r11 = x1.blend(x2, right);
            r12 = x2.blend(x3, right);
            w6 = g.fma(r00.blend(r10, lower), w6);
            w7 = g.fma(r01.blend(r11, lower), w7);
            w8 = g.fma(r02.blend(r12, lower), w8);
        }
        w0.intoArray(gw, c);
        w1.intoArray(gw, C1 + c);
        w2.intoArray(gw, 2 * C1 + c);
        w3.intoArray(gw, 3 * C1 + c);
        w4.intoArray(gw, 4 * C1 + c);
        w5.intoArray(gw, 5 * C1 + c);
        w6.intoArray(gw, 6 * C1 + c);
        w7.intoArray(gw, 7 * C1 + c);
        w8.intoArray(gw, 8 * C1 + c);
        bias.intoArray(gb, c);
    }

    /**
     * How conv2's backward covers a kernel row's 96 floats (3 positions × 32 channels) per pass over
     * a channel's windows (weight gradient) or a window position's channels (input gradient): each
     * one's index work, gradient broadcast and patch are read once, then feed every accumulator. With
     * 8-float vectors, one kernel row in 12 accumulators, which AVX2's 16 registers hold (on a
     * first-generation AMD EPYC, JMH conv2Backward per image, five JVMs of each alternated: median
     * 72.2 µs against 82.6 in two passes of six vectors; all three rows at once, 18 accumulators,
     * spilled: 81.3 ± 3.3 against 77.9 ± 4.0). Otherwise all three kernel rows, six vectors of each
     * (18 accumulators; 32 registers with AVX-512 or NEON): whole training steps 2 to 4% shorter at
     * 512 bits and 8 to 13% at 128 than one row of six vectors (both models' arrays equally aligned,
     * -XX:ObjectAlignmentInBytes=64). The same sums in the same order either way.
     */
    private static final boolean WHOLE_ROW = L == 8;

    /** Per thread: which gradients of conv2's pooled values are not 0, and where they go. */
    private static final ThreadLocal<Routing> ROUTING = ThreadLocal.withInitial(Routing::new);

    /** Of each window: the offset of its 4×4 input patch in the {@code [13][13][32]} map. */
    private static final int[] WINDOW_ORIGINS = new int[WINDOWS];
    /** Of each winning position {@code s} of a window: its offset from the window's origin. */
    private static final int[] WINNER_OFFSETS = {0, C1, ROW1, ROW1 + C1};

    static {
        for (int win = 0; win < WINDOWS; win++) {
            WINDOW_ORIGINS[win] = 2 * (win / POOLED2_SIDE) * ROW1 + 2 * (win % POOLED2_SIDE) * C1;
        }
    }

    /** The float whose bits are the int {@code bits}, for blends that move ints. */
    private static FloatVector asFloats(int bits) {
        return FloatVector.broadcast(S, Float.intBitsToFloat(bits));
    }

    private static final class Routing {
        /** Per pooled value (window-major): its gradient, 0 where the ReLU blocked it. */
        final float[] grads = new float[WINDOWS * C2];
        /** Per channel: the sum of its gradients over the windows (its bias gradient). */
        final float[] biasGrads = new float[C2];
        /** Per channel: bit {@code win} set where its gradient in window {@code win} is not 0. */
        final int[] windows = new int[C2];
        /**
         * Per window and winning position {@code s}, at {@code win·4+s}: bit {@code co} set where
         * channel co's gradient goes there and is not 0.
         */
        final long[] channels = new long[WINDOWS * 4];
        /** Per pooled value (window-major): the offset of its winning position's 3×3 input patch. */
        final int[] at = new int[WINDOWS * C2];
        /** Per pooled value (window-major): its window and winning position, {@code win·4+s}. */
        final int[] buckets = new int[WINDOWS * C2];
    }

    /**
     * Same result as {@link PlainKernels}' version (to rounding), with the sums kept in registers: the
     * weight gradient of one output channel sums over its windows before it touches memory, and the
     * input gradient of one window position sums over the channels that chose it. Which gradients
     * passed the ReLU is worked out first, L channels at a time, as a bit mask per channel (whether
     * one passed is a coin toss to a branch predictor), together with each pooled value's input
     * patch and window position (blends of ints carried as floats' bits); the vector loops then run
     * over the set bits themselves, with no branches (JDK 17's compiler boxes vectors that live
     * across one). The input gradient's masks per window position are set from the channels' masks.
     * (The loops once ran over lists made for each channel and each window position, which cost
     * about 200 cycles per list; and the masks per window position were once made by vector compares
     * and two lane sums per L channels. Timed in training steps at 512 bits, per image: the weight
     * gradient 12.3 → 10.7 µs, the input gradient 15.3 → 13.3, the masks 0.5 → 1.1.)
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
            int wOff,
            float[] inGrad,
            int inGradOff,
            float[] gw,
            float[] gb) {
        Routing r = ROUTING.get();
        Arrays.fill(r.windows, 0);
        Arrays.fill(r.biasGrads, 0f);
        Arrays.fill(r.channels, 0L);
        FloatVector zero = FloatVector.zero(S);
        for (int win = 0; win < WINDOWS; win++) {
            // ints moved as floats' bits by blend and read back as ints: the bit 1 << win, and per
            // winning position the patch's offset and the bucket's number
            FloatVector windowBit = asFloats(1 << win);
            int origin = WINDOW_ORIGINS[win];
            FloatVector at0 = asFloats(origin), at1 = asFloats(origin + C1);
            FloatVector at2 = asFloats(origin + ROW1), at3 = asFloats(origin + ROW1 + C1);
            FloatVector bucket0 = asFloats(4 * win), bucket1 = asFloats(4 * win + 1);
            FloatVector bucket2 = asFloats(4 * win + 2), bucket3 = asFloats(4 * win + 3);
            for (int c = 0; c < C2; c += L) {
                int q = off + win * C2 + c;
                FloatVector g = FloatVector.fromArray(S, grad, q);
                VectorMask<Float> live = FloatVector.fromArray(S, pooled, q)
                        .compare(VectorOperators.GT, 0f)
                        .and(g.compare(VectorOperators.NE, 0f));
                g = zero.blend(g, live);
                g.intoArray(r.grads, win * C2 + c);
                FloatVector.fromArray(S, r.biasGrads, c).add(g).intoArray(r.biasGrads, c);
                IntVector.fromArray(I, r.windows, c)
                        .or(zero.blend(windowBit, live).viewAsIntegralLanes())
                        .intoArray(r.windows, c);
                FloatVector k = FloatVector.fromArray(S, code, q);
                VectorMask<Float> k1 = k.compare(VectorOperators.EQ, 1f);
                VectorMask<Float> k2 = k.compare(VectorOperators.EQ, 2f);
                VectorMask<Float> k3 = k.compare(VectorOperators.EQ, 3f);
                at0.blend(at1, k1)
                        .blend(at2, k2)
                        .blend(at3, k3)
                        .viewAsIntegralLanes()
                        .intoArray(r.at, win * C2 + c);
                bucket0.blend(bucket1, k1)
                        .blend(bucket2, k2)
                        .blend(bucket3, k3)
                        .viewAsIntegralLanes()
                        .intoArray(r.buckets, win * C2 + c);
            }
        }
        for (int co = 0; co < C2; co++) {
            gb[co] += r.biasGrads[co];
            int windows = r.windows[co];
            long bit = 1L << co;
            for (int w1 = windows; w1 != 0; w1 &= w1 - 1) {
                r.channels[r.buckets[Integer.numberOfTrailingZeros(w1) * C2 + co]] |= bit;
            }
            if (WHOLE_ROW) {
                for (int ky = 0; ky < 3; ky++) {
                    weightGradientWholeRow(in, inOff + ky * ROW1, r, windows, co, gw, co * K2 + ky * 3 * C1);
                }
            } else {
                for (int part = 0; part < 3 * C1; part += ROW_PART) {
                    weightGradientRows(in, inOff + part, r, windows, co, gw, co * K2 + part);
                }
            }
        }
        Arrays.fill(inGrad, inGradOff, inGradOff + POOLED1_SIDE * ROW1, 0f);
        for (int bucket = 0; bucket < WINDOWS * 4; bucket++) {
            long channels = r.channels[bucket];
            if (channels == 0) {
                continue;
            }
            int win = bucket / 4;
            int patch = inGradOff + WINDOW_ORIGINS[win] + WINNER_OFFSETS[bucket % 4];
            if (WHOLE_ROW) {
                for (int ky = 0; ky < 3; ky++) {
                    inputGradientWholeRow(r, channels, win * C2, w, wOff + ky * 3 * C1, inGrad, patch + ky * ROW1);
                }
            } else {
                for (int part = 0; part < 3 * C1; part += ROW_PART) {
                    inputGradientRows(r, channels, win * C2, w, wOff + part, inGrad, patch + part);
                }
            }
        }
    }

    /**
     * {@code gw[at .. at+96) +=} the sum, over the windows set in {@code windows}, of channel co's
     * gradient times its winning position's inputs: one kernel row's 96 floats (3 positions × 32
     * channels) as 12 vectors of 8 ({@link #WHOLE_ROW}).
     */
    private static void weightGradientWholeRow(
            float[] in, int inRow, Routing r, int windows, int co, float[] gw, int at) {
        FloatVector a0 = FloatVector.zero(S),
                a1 = a0,
                a2 = a0,
                a3 = a0,
                a4 = a0,
                a5 = a0,
                a6 = a0,
                a7 = a0,
                a8 = a0,
                a9 = a0,
                a10 = a0,
                a11 = a0;
        for (; windows != 0; windows &= windows - 1) {
            int q = Integer.numberOfTrailingZeros(windows) * C2 + co;
            int p = inRow + r.at[q];
            FloatVector v = FloatVector.broadcast(S, r.grads[q]);
            a0 = FloatVector.fromArray(S, in, p + 0 * L).fma(v, a0);
            a1 = FloatVector.fromArray(S, in, p + 1 * L).fma(v, a1);
            a2 = FloatVector.fromArray(S, in, p + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, in, p + 3 * L).fma(v, a3);
            a4 = FloatVector.fromArray(S, in, p + 4 * L).fma(v, a4);
            a5 = FloatVector.fromArray(S, in, p + 5 * L).fma(v, a5);
            a6 = FloatVector.fromArray(S, in, p + 6 * L).fma(v, a6);
            a7 = FloatVector.fromArray(S, in, p + 7 * L).fma(v, a7);
            a8 = FloatVector.fromArray(S, in, p + 8 * L).fma(v, a8);
            a9 = FloatVector.fromArray(S, in, p + 9 * L).fma(v, a9);
            a10 = FloatVector.fromArray(S, in, p + 10 * L).fma(v, a10);
            a11 = FloatVector.fromArray(S, in, p + 11 * L).fma(v, a11);
        }
        a0.add(FloatVector.fromArray(S, gw, at + 0 * L)).intoArray(gw, at + 0 * L);
        a1.add(FloatVector.fromArray(S, gw, at + 1 * L)).intoArray(gw, at + 1 * L);
        a2.add(FloatVector.fromArray(S, gw, at + 2 * L)).intoArray(gw, at + 2 * L);
        a3.add(FloatVector.fromArray(S, gw, at + 3 * L)).intoArray(gw, at + 3 * L);
        a4.add(FloatVector.fromArray(S, gw, at + 4 * L)).intoArray(gw, at + 4 * L);
        a5.add(FloatVector.fromArray(S, gw, at + 5 * L)).intoArray(gw, at + 5 * L);
        a6.add(FloatVector.fromArray(S, gw, at + 6 * L)).intoArray(gw, at + 6 * L);
        a7.add(FloatVector.fromArray(S, gw, at + 7 * L)).intoArray(gw, at + 7 * L);
        a8.add(FloatVector.fromArray(S, gw, at + 8 * L)).intoArray(gw, at + 8 * L);
        a9.add(FloatVector.fromArray(S, gw, at + 9 * L)).intoArray(gw, at + 9 * L);
        a10.add(FloatVector.fromArray(S, gw, at + 10 * L)).intoArray(gw, at + 10 * L);
        a11.add(FloatVector.fromArray(S, gw, at + 11 * L)).intoArray(gw, at + 11 * L);
    }

    /**
     * {@link #weightGradientWholeRow} for six vectors of each of the three kernel rows at once, one
     * pass per {@link #ROW_PART} ({@link #WHOLE_ROW}).
     */
    private static void weightGradientRows(float[] in, int inRow, Routing r, int windows, int co, float[] gw, int at) {
        FloatVector a00 = FloatVector.zero(S),
                a01 = a00,
                a02 = a00,
                a03 = a00,
                a04 = a00,
                a05 = a00,
                a10 = a00,
                a11 = a00,
                a12 = a00,
                a13 = a00,
                a14 = a00,
                a15 = a00,
                a20 = a00,
                a21 = a00,
                a22 = a00,
                a23 = a00,
                a24 = a00,
                a25 = a00;
        for (; windows != 0; windows &= windows - 1) {
            int q = Integer.numberOfTrailingZeros(windows) * C2 + co;
            int p = inRow + r.at[q];
            FloatVector v = FloatVector.broadcast(S, r.grads[q]);
            a00 = FloatVector.fromArray(S, in, p).fma(v, a00);
            a01 = FloatVector.fromArray(S, in, p + 1 * L).fma(v, a01);
            a02 = FloatVector.fromArray(S, in, p + 2 * L).fma(v, a02);
            a03 = FloatVector.fromArray(S, in, p + 3 * L).fma(v, a03);
            a04 = FloatVector.fromArray(S, in, p + 4 * L).fma(v, a04);
            a05 = FloatVector.fromArray(S, in, p + 5 * L).fma(v, a05);
            a10 = FloatVector.fromArray(S, in, p + 1 * ROW1).fma(v, a10);
            a11 = FloatVector.fromArray(S, in, p + 1 * ROW1 + 1 * L).fma(v, a11);
            a12 = FloatVector.fromArray(S, in, p + 1 * ROW1 + 2 * L).fma(v, a12);
            a13 = FloatVector.fromArray(S, in, p + 1 * ROW1 + 3 * L).fma(v, a13);
            a14 = FloatVector.fromArray(S, in, p + 1 * ROW1 + 4 * L).fma(v, a14);
            a15 = FloatVector.fromArray(S, in, p + 1 * ROW1 + 5 * L).fma(v, a15);
            a20 = FloatVector.fromArray(S, in, p + 2 * ROW1).fma(v, a20);
            a21 = FloatVector.fromArray(S, in, p + 2 * ROW1 + 1 * L).fma(v, a21);
            a22 = FloatVector.fromArray(S, in, p + 2 * ROW1 + 2 * L).fma(v, a22);
            a23 = FloatVector.fromArray(S, in, p + 2 * ROW1 + 3 * L).fma(v, a23);
            a24 = FloatVector.fromArray(S, in, p + 2 * ROW1 + 4 * L).fma(v, a24);
            a25 = FloatVector.fromArray(S, in, p + 2 * ROW1 + 5 * L).fma(v, a25);
        }
        a00.add(FloatVector.fromArray(S, gw, at)).intoArray(gw, at);
        a01.add(FloatVector.fromArray(S, gw, at + 1 * L)).intoArray(gw, at + 1 * L);
        a02.add(FloatVector.fromArray(S, gw, at + 2 * L)).intoArray(gw, at + 2 * L);
        a03.add(FloatVector.fromArray(S, gw, at + 3 * L)).intoArray(gw, at + 3 * L);
        a04.add(FloatVector.fromArray(S, gw, at + 4 * L)).intoArray(gw, at + 4 * L);
        a05.add(FloatVector.fromArray(S, gw, at + 5 * L)).intoArray(gw, at + 5 * L);
        a10.add(FloatVector.fromArray(S, gw, at + 1 * 3 * C1)).intoArray(gw, at + 1 * 3 * C1);
        a11.add(FloatVector.fromArray(S, gw, at + 1 * 3 * C1 + 1 * L)).intoArray(gw, at + 1 * 3 * C1 + 1 * L);
        a12.add(FloatVector.fromArray(S, gw, at + 1 * 3 * C1 + 2 * L)).intoArray(gw, at + 1 * 3 * C1 + 2 * L);
        a13.add(FloatVector.fromArray(S, gw, at + 1 * 3 * C1 + 3 * L)).intoArray(gw, at + 1 * 3 * C1 + 3 * L);
        a14.add(FloatVector.fromArray(S, gw, at + 1 * 3 * C1 + 4 * L)).intoArray(gw, at + 1 * 3 * C1 + 4 * L);
        a15.add(FloatVector.fromArray(S, gw, at + 1 * 3 * C1 + 5 * L)).intoArray(gw, at + 1 * 3 * C1 + 5 * L);
        a20.add(FloatVector.fromArray(S, gw, at + 2 * 3 * C1)).intoArray(gw, at + 2 * 3 * C1);
        a21.add(FloatVector.fromArray(S, gw, at + 2 * 3 * C1 + 1 * L)).intoArray(gw, at + 2 * 3 * C1 + 1 * L);
        a22.add(FloatVector.fromArray(S, gw, at + 2 * 3 * C1 + 2 * L)).intoArray(gw, at + 2 * 3 * C1 + 2 * L);
        a23.add(FloatVector.fromArray(S, gw, at + 2 * 3 * C1 + 3 * L)).intoArray(gw, at + 2 * 3 * C1 + 3 * L);
        a24.add(FloatVector.fromArray(S, gw, at + 2 * 3 * C1 + 4 * L)).intoArray(gw, at + 2 * 3 * C1 + 4 * L);
        a25.add(FloatVector.fromArray(S, gw, at + 2 * 3 * C1 + 5 * L)).intoArray(gw, at + 2 * 3 * C1 + 5 * L);
    }

    /**
     * {@code inGrad[at .. at+96) +=} the sum, over the channels set in {@code channels}, of their
     * gradients in the window (from {@code q0} in the gradients) times their weights: one kernel
     * row's 96 floats as 12 vectors of 8 ({@link #WHOLE_ROW}).
     */
    private static void inputGradientWholeRow(
            Routing r, long channels, int q0, float[] w, int rowOff, float[] inGrad, int at) {
        FloatVector a0 = FloatVector.fromArray(S, inGrad, at + 0 * L);
        FloatVector a1 = FloatVector.fromArray(S, inGrad, at + 1 * L);
        FloatVector a2 = FloatVector.fromArray(S, inGrad, at + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, inGrad, at + 3 * L);
        FloatVector a4 = FloatVector.fromArray(S, inGrad, at + 4 * L);
        FloatVector a5 = FloatVector.fromArray(S, inGrad, at + 5 * L);
        FloatVector a6 = FloatVector.fromArray(S, inGrad, at + 6 * L);
        FloatVector a7 = FloatVector.fromArray(S, inGrad, at + 7 * L);
        FloatVector a8 = FloatVector.fromArray(S, inGrad, at + 8 * L);
        FloatVector a9 = FloatVector.fromArray(S, inGrad, at + 9 * L);
        FloatVector a10 = FloatVector.fromArray(S, inGrad, at + 10 * L);
        FloatVector a11 = FloatVector.fromArray(S, inGrad, at + 11 * L);
        for (; channels != 0; channels &= channels - 1) {
            int co = Long.numberOfTrailingZeros(channels);
            int p = rowOff + co * K2;
            FloatVector v = FloatVector.broadcast(S, r.grads[q0 + co]);
            a0 = FloatVector.fromArray(S, w, p + 0 * L).fma(v, a0);
            a1 = FloatVector.fromArray(S, w, p + 1 * L).fma(v, a1);
            a2 = FloatVector.fromArray(S, w, p + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, w, p + 3 * L).fma(v, a3);
            a4 = FloatVector.fromArray(S, w, p + 4 * L).fma(v, a4);
            a5 = FloatVector.fromArray(S, w, p + 5 * L).fma(v, a5);
            a6 = FloatVector.fromArray(S, w, p + 6 * L).fma(v, a6);
            a7 = FloatVector.fromArray(S, w, p + 7 * L).fma(v, a7);
            a8 = FloatVector.fromArray(S, w, p + 8 * L).fma(v, a8);
            a9 = FloatVector.fromArray(S, w, p + 9 * L).fma(v, a9);
            a10 = FloatVector.fromArray(S, w, p + 10 * L).fma(v, a10);
            a11 = FloatVector.fromArray(S, w, p + 11 * L).fma(v, a11);
        }
        a0.intoArray(inGrad, at + 0 * L);
        a1.intoArray(inGrad, at + 1 * L);
        a2.intoArray(inGrad, at + 2 * L);
        a3.intoArray(inGrad, at + 3 * L);
        a4.intoArray(inGrad, at + 4 * L);
        a5.intoArray(inGrad, at + 5 * L);
        a6.intoArray(inGrad, at + 6 * L);
        a7.intoArray(inGrad, at + 7 * L);
        a8.intoArray(inGrad, at + 8 * L);
        a9.intoArray(inGrad, at + 9 * L);
        a10.intoArray(inGrad, at + 10 * L);
        a11.intoArray(inGrad, at + 11 * L);
    }

    /**
     * {@link #inputGradientWholeRow} for six vectors of each of the three kernel rows at once, one
     * pass per {@link #ROW_PART} ({@link #WHOLE_ROW}).
     */
    private static void inputGradientRows(
            Routing r, long channels, int q0, float[] w, int rowOff, float[] inGrad, int at) {
        FloatVector a00 = FloatVector.fromArray(S, inGrad, at);
        FloatVector a01 = FloatVector.fromArray(S, inGrad, at + 1 * L);
        FloatVector a02 = FloatVector.fromArray(S, inGrad, at + 2 * L);
        FloatVector a03 = FloatVector.fromArray(S, inGrad, at + 3 * L);
        FloatVector a04 = FloatVector.fromArray(S, inGrad, at + 4 * L);
        FloatVector a05 = FloatVector.fromArray(S, inGrad, at + 5 * L);
        FloatVector a10 = FloatVector.fromArray(S, inGrad, at + 1 * ROW1);
        FloatVector a11 = FloatVector.fromArray(S, inGrad, at + 1 * ROW1 + 1 * L);
        FloatVector a12 = FloatVector.fromArray(S, inGrad, at + 1 * ROW1 + 2 * L);
        FloatVector a13 = FloatVector.fromArray(S, inGrad, at + 1 * ROW1 + 3 * L);
        FloatVector a14 = FloatVector.fromArray(S, inGrad, at + 1 * ROW1 + 4 * L);
        FloatVector a15 = FloatVector.fromArray(S, inGrad, at + 1 * ROW1 + 5 * L);
        FloatVector a20 = FloatVector.fromArray(S, inGrad, at + 2 * ROW1);
        FloatVector a21 = FloatVector.fromArray(S, inGrad, at + 2 * ROW1 + 1 * L);
        FloatVector a22 = FloatVector.fromArray(S, inGrad, at + 2 * ROW1 + 2 * L);
        FloatVector a23 = FloatVector.fromArray(S, inGrad, at + 2 * ROW1 + 3 * L);
        FloatVector a24 = FloatVector.fromArray(S, inGrad, at + 2 * ROW1 + 4 * L);
        FloatVector a25 = FloatVector.fromArray(S, inGrad, at + 2 * ROW1 + 5 * L);
        for (; channels != 0; channels &= channels - 1) {
            int co = Long.numberOfTrailingZeros(channels);
            int p = rowOff + co * K2;
            FloatVector v = FloatVector.broadcast(S, r.grads[q0 + co]);
            a00 = FloatVector.fromArray(S, w, p).fma(v, a00);
            a01 = FloatVector.fromArray(S, w, p + 1 * L).fma(v, a01);
            a02 = FloatVector.fromArray(S, w, p + 2 * L).fma(v, a02);
            a03 = FloatVector.fromArray(S, w, p + 3 * L).fma(v, a03);
            a04 = FloatVector.fromArray(S, w, p + 4 * L).fma(v, a04);
            a05 = FloatVector.fromArray(S, w, p + 5 * L).fma(v, a05);
            a10 = FloatVector.fromArray(S, w, p + 1 * 3 * C1).fma(v, a10);
            a11 = FloatVector.fromArray(S, w, p + 1 * 3 * C1 + 1 * L).fma(v, a11);
            a12 = FloatVector.fromArray(S, w, p + 1 * 3 * C1 + 2 * L).fma(v, a12);
            a13 = FloatVector.fromArray(S, w, p + 1 * 3 * C1 + 3 * L).fma(v, a13);
            a14 = FloatVector.fromArray(S, w, p + 1 * 3 * C1 + 4 * L).fma(v, a14);
            a15 = FloatVector.fromArray(S, w, p + 1 * 3 * C1 + 5 * L).fma(v, a15);
            a20 = FloatVector.fromArray(S, w, p + 2 * 3 * C1).fma(v, a20);
            a21 = FloatVector.fromArray(S, w, p + 2 * 3 * C1 + 1 * L).fma(v, a21);
            a22 = FloatVector.fromArray(S, w, p + 2 * 3 * C1 + 2 * L).fma(v, a22);
            a23 = FloatVector.fromArray(S, w, p + 2 * 3 * C1 + 3 * L).fma(v, a23);
            a24 = FloatVector.fromArray(S, w, p + 2 * 3 * C1 + 4 * L).fma(v, a24);
            a25 = FloatVector.fromArray(S, w, p + 2 * 3 * C1 + 5 * L).fma(v, a25);
        }
        a00.intoArray(inGrad, at);
        a01.intoArray(inGrad, at + 1 * L);
        a02.intoArray(inGrad, at + 2 * L);
        a03.intoArray(inGrad, at + 3 * L);
        a04.intoArray(inGrad, at + 4 * L);
        a05.intoArray(inGrad, at + 5 * L);
        a10.intoArray(inGrad, at + 1 * ROW1);
        a11.intoArray(inGrad, at + 1 * ROW1 + 1 * L);
        a12.intoArray(inGrad, at + 1 * ROW1 + 2 * L);
        a13.intoArray(inGrad, at + 1 * ROW1 + 3 * L);
        a14.intoArray(inGrad, at + 1 * ROW1 + 4 * L);
        a15.intoArray(inGrad, at + 1 * ROW1 + 5 * L);
        a20.intoArray(inGrad, at + 2 * ROW1);
        a21.intoArray(inGrad, at + 2 * ROW1 + 1 * L);
        a22.intoArray(inGrad, at + 2 * ROW1 + 2 * L);
        a23.intoArray(inGrad, at + 2 * ROW1 + 3 * L);
        a24.intoArray(inGrad, at + 2 * ROW1 + 4 * L);
        a25.intoArray(inGrad, at + 2 * ROW1 + 5 * L);
    }

    /**
     * Blocks of 8 rows × 2 vectors of columns of C stay in 16 registers while the loop runs over k
     * (with 512-bit vectors only: see {@code TALL}), then blocks of 4 rows × 4 vectors (with 128-bit
     * vectors only: see {@code WIDE}), then 4 rows × 2 vectors in 8, then column blocks of one
     * vector, then leftover rows and columns. Each element of C gets the same FMAs in the same order
     * in every block.
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
        int nv = n - n % L; // columns that fill whole vectors
        int i = 0;
        for (; TALL && i + 8 <= m && nv % (2 * L) == 0; i += 8) {
            for (int j = 0; j < nv; j += 2 * L) {
                rows8cols2v(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
        }
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; WIDE && j + 4 * L <= nv; j += 4 * L) {
                rows4cols4v(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
            for (; j + 2 * L <= nv; j += 2 * L) {
                rows4cols2v(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
            for (; j < nv; j += L) {
                rows4cols1v(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
        }
        for (; i < m; i++) {
            int j = 0;
            for (; j + 4 * L <= nv; j += 4 * L) {
                row1cols4v(k, a, aOff + i * lda, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
            for (; j < nv; j += L) {
                FloatVector acc = FloatVector.fromArray(S, c, cOff + i * ldc + j);
                int ai = aOff + i * lda;
                for (int p = 0; p < k; p++) {
                    acc = FloatVector.fromArray(S, b, bOff + p * ldb + j).fma(FloatVector.broadcast(S, a[ai + p]), acc);
                }
                acc.intoArray(c, cOff + i * ldc + j);
            }
        }
        if (nv < n) {
            PlainKernels.plainMultiplyAdd(m, n - nv, k, a, aOff, lda, b, bOff + nv, ldb, c, cOff + nv, ldc);
        }
    }

    /**
     * Blocks of 4 rows × 2 vectors of columns (× 1 with 8-float vectors, whose CPU may be AVX2 with
     * 16 registers: a group's sums take as many registers as C's), then single rows; columns that
     * do not fill a vector by the plain kernel. Every element of C gets the same FMAs in the same
     * order whichever block it falls in, so a part's rows come out as the whole's. Columns
     * outermost: a block of B's columns stays in L1 for all of A's rows.
     */
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
        int nv = n - n % L;
        int rows4 = m - m % 4;
        int width = L == 8 ? L : 2 * L;
        for (int j = 0; j < nv; j += width) {
            int w = Math.min(width, nv - j);
            for (int i = 0; i < rows4; i += 4) {
                if (w == 2 * L) {
                    rows4cols2vInGroups(k, group, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
                } else {
                    rows4cols1vInGroups(k, group, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
                }
            }
            for (int i = rows4; i < m; i++) {
                for (int jj = j; jj < j + w; jj += L) {
                    FloatVector x = FloatVector.zero(S);
                    for (int g = 0; g < k; g += group) {
                        FloatVector t = FloatVector.zero(S);
                        for (int p = g, end = Math.min(g + group, k); p < end; p++) {
                            t = FloatVector.fromArray(S, b, bOff + p * ldb + jj)
                                    .fma(FloatVector.broadcast(S, a[aOff + i * lda + p]), t);
                        }
                        x = x.add(t);
                    }
                    x.intoArray(c, cOff + i * ldc + jj);
                }
            }
        }
        if (nv < n) {
            PlainKernels.plainMultiplyInGroups(m, n - nv, k, group, a, aOff, lda, b, bOff + nv, ldb, c, cOff + nv, ldc);
        }
    }

    /**
     * A group's sums start from +0, as a zeroed chunk gradient does, and are then added to C's
     * (+0 plus a sum is that sum to the bit: a sum from +0 is never -0).
     */
    private static void rows4cols2vInGroups(
            int k, int group, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector x00 = zero, x01 = zero, x10 = zero, x11 = zero, x20 = zero, x21 = zero, x30 = zero, x31 = zero;
        for (int g = 0; g < k; g += group) {
            FloatVector t00 = zero, t01 = zero, t10 = zero, t11 = zero, t20 = zero, t21 = zero, t30 = zero, t31 = zero;
            int end = Math.min(g + group, k);
            for (int p = g; p < end; p++) {
                int bp = b0 + p * ldb;
                FloatVector w0 = FloatVector.fromArray(S, b, bp);
                FloatVector w1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector v0 = FloatVector.broadcast(S, a[a0 + p]);
                FloatVector v1 = FloatVector.broadcast(S, a[a0 + lda + p]);
                FloatVector v2 = FloatVector.broadcast(S, a[a0 + 2 * lda + p]);
                FloatVector v3 = FloatVector.broadcast(S, a[a0 + 3 * lda + p]);
                t00 = w0.fma(v0, t00);
                t01 = w1.fma(v0, t01);
                t10 = w0.fma(v1, t10);
                t11 = w1.fma(v1, t11);
                t20 = w0.fma(v2, t20);
                t21 = w1.fma(v2, t21);
                t30 = w0.fma(v3, t30);
                t31 = w1.fma(v3, t31);
            }
            x00 = x00.add(t00);
            x01 = x01.add(t01);
            x10 = x10.add(t10);
            x11 = x11.add(t11);
            x20 = x20.add(t20);
            x21 = x21.add(t21);
            x30 = x30.add(t30);
            x31 = x31.add(t31);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x10.intoArray(c, c0 + ldc);
        x11.intoArray(c, c0 + ldc + L);
        x20.intoArray(c, c0 + 2 * ldc);
        x21.intoArray(c, c0 + 2 * ldc + L);
        x30.intoArray(c, c0 + 3 * ldc);
        x31.intoArray(c, c0 + 3 * ldc + L);
    }

    private static void rows4cols1vInGroups(
            int k, int group, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector x0 = zero, x1 = zero, x2 = zero, x3 = zero;
        for (int g = 0; g < k; g += group) {
            FloatVector t0 = zero, t1 = zero, t2 = zero, t3 = zero;
            int end = Math.min(g + group, k);
            for (int p = g; p < end; p++) {
                FloatVector w = FloatVector.fromArray(S, b, b0 + p * ldb);
                t0 = w.fma(FloatVector.broadcast(S, a[a0 + p]), t0);
                t1 = w.fma(FloatVector.broadcast(S, a[a0 + lda + p]), t1);
                t2 = w.fma(FloatVector.broadcast(S, a[a0 + 2 * lda + p]), t2);
                t3 = w.fma(FloatVector.broadcast(S, a[a0 + 3 * lda + p]), t3);
            }
            x0 = x0.add(t0);
            x1 = x1.add(t1);
            x2 = x2.add(t2);
            x3 = x3.add(t3);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + ldc);
        x2.intoArray(c, c0 + 2 * ldc);
        x3.intoArray(c, c0 + 3 * ldc);
    }

    /** One row of C (a single image), four independent accumulators so the FMAs overlap. */
    private static void row1cols4v(int k, float[] a, int a0, float[] b, int b0, int ldb, float[] c, int c0) {
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

    private static void rows4cols4v(
            int k, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector x00 = FloatVector.fromArray(S, c, c0);
        FloatVector x01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector x02 = FloatVector.fromArray(S, c, c0 + 2 * L);
        FloatVector x03 = FloatVector.fromArray(S, c, c0 + 3 * L);
        FloatVector x10 = FloatVector.fromArray(S, c, c1);
        FloatVector x11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector x12 = FloatVector.fromArray(S, c, c1 + 2 * L);
        FloatVector x13 = FloatVector.fromArray(S, c, c1 + 3 * L);
        FloatVector x20 = FloatVector.fromArray(S, c, c2);
        FloatVector x21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector x22 = FloatVector.fromArray(S, c, c2 + 2 * L);
        FloatVector x23 = FloatVector.fromArray(S, c, c2 + 3 * L);
        FloatVector x30 = FloatVector.fromArray(S, c, c3);
        FloatVector x31 = FloatVector.fromArray(S, c, c3 + L);
        FloatVector x32 = FloatVector.fromArray(S, c, c3 + 2 * L);
        FloatVector x33 = FloatVector.fromArray(S, c, c3 + 3 * L);
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            FloatVector w0 = FloatVector.fromArray(S, b, bp);
            FloatVector w1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector w2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector v0 = FloatVector.broadcast(S, a[a0 + p]);
            FloatVector v1 = FloatVector.broadcast(S, a[a0 + lda + p]);
            FloatVector v2 = FloatVector.broadcast(S, a[a0 + 2 * lda + p]);
            FloatVector v3 = FloatVector.broadcast(S, a[a0 + 3 * lda + p]);
            x00 = w0.fma(v0, x00);
            x01 = w1.fma(v0, x01);
            x02 = w2.fma(v0, x02);
            x03 = w3.fma(v0, x03);
            x10 = w0.fma(v1, x10);
            x11 = w1.fma(v1, x11);
            x12 = w2.fma(v1, x12);
            x13 = w3.fma(v1, x13);
            x20 = w0.fma(v2, x20);
            x21 = w1.fma(v2, x21);
            x22 = w2.fma(v2, x22);
            x23 = w3.fma(v2, x23);
            x30 = w0.fma(v3, x30);
            x31 = w1.fma(v3, x31);
            x32 = w2.fma(v3, x32);
            x33 = w3.fma(v3, x33);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x02.intoArray(c, c0 + 2 * L);
        x03.intoArray(c, c0 + 3 * L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L);
        x13.intoArray(c, c1 + 3 * L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x22.intoArray(c, c2 + 2 * L);
        x23.intoArray(c, c2 + 3 * L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
        x32.intoArray(c, c3 + 2 * L);
        x33.intoArray(c, c3 + 3 * L);
    }

    private static void rows8cols2v(
            int k, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
        FloatVector x00 = FloatVector.fromArray(S, c, c0);
        FloatVector x01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector x10 = FloatVector.fromArray(S, c, c0 + ldc);
        FloatVector x11 = FloatVector.fromArray(S, c, c0 + ldc + L);
        FloatVector x20 = FloatVector.fromArray(S, c, c0 + 2 * ldc);
        FloatVector x21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + L);
        FloatVector x30 = FloatVector.fromArray(S, c, c0 + 3 * ldc);
        FloatVector x31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + L);
        FloatVector x40 = FloatVector.fromArray(S, c, c0 + 4 * ldc);
        FloatVector x41 = FloatVector.fromArray(S, c, c0 + 4 * ldc + L);
        FloatVector x50 = FloatVector.fromArray(S, c, c0 + 5 * ldc);
        FloatVector x51 = FloatVector.fromArray(S, c, c0 + 5 * ldc + L);
        FloatVector x60 = FloatVector.fromArray(S, c, c0 + 6 * ldc);
        FloatVector x61 = FloatVector.fromArray(S, c, c0 + 6 * ldc + L);
        FloatVector x70 = FloatVector.fromArray(S, c, c0 + 7 * ldc);
        FloatVector x71 = FloatVector.fromArray(S, c, c0 + 7 * ldc + L);
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            FloatVector w0 = FloatVector.fromArray(S, b, bp);
            FloatVector w1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            x00 = w0.fma(v, x00);
            x01 = w1.fma(v, x01);
            v = FloatVector.broadcast(S, a[a0 + lda + p]);
            x10 = w0.fma(v, x10);
            x11 = w1.fma(v, x11);
            v = FloatVector.broadcast(S, a[a0 + 2 * lda + p]);
            x20 = w0.fma(v, x20);
            x21 = w1.fma(v, x21);
            v = FloatVector.broadcast(S, a[a0 + 3 * lda + p]);
            x30 = w0.fma(v, x30);
            x31 = w1.fma(v, x31);
            v = FloatVector.broadcast(S, a[a0 + 4 * lda + p]);
            x40 = w0.fma(v, x40);
            x41 = w1.fma(v, x41);
            v = FloatVector.broadcast(S, a[a0 + 5 * lda + p]);
            x50 = w0.fma(v, x50);
            x51 = w1.fma(v, x51);
            v = FloatVector.broadcast(S, a[a0 + 6 * lda + p]);
            x60 = w0.fma(v, x60);
            x61 = w1.fma(v, x61);
            v = FloatVector.broadcast(S, a[a0 + 7 * lda + p]);
            x70 = w0.fma(v, x70);
            x71 = w1.fma(v, x71);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x10.intoArray(c, c0 + ldc);
        x11.intoArray(c, c0 + ldc + L);
        x20.intoArray(c, c0 + 2 * ldc);
        x21.intoArray(c, c0 + 2 * ldc + L);
        x30.intoArray(c, c0 + 3 * ldc);
        x31.intoArray(c, c0 + 3 * ldc + L);
        x40.intoArray(c, c0 + 4 * ldc);
        x41.intoArray(c, c0 + 4 * ldc + L);
        x50.intoArray(c, c0 + 5 * ldc);
        x51.intoArray(c, c0 + 5 * ldc + L);
        x60.intoArray(c, c0 + 6 * ldc);
        x61.intoArray(c, c0 + 6 * ldc + L);
        x70.intoArray(c, c0 + 7 * ldc);
        x71.intoArray(c, c0 + 7 * ldc + L);
    }

    private static void rows4cols2v(
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

    private static void rows4cols1v(
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
