package dev.mnist4j.backend.cpuref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Vector API kernels against the plain-Java ones on random data, and the choice between them.
 * Maven runs the tests with {@code --add-modules jdk.incubator.vector}.
 */
@ExtendWith(OtherWidthRun.class)
class KernelsTest {
    private final SplittableRandom random = new SplittableRandom(5);
    private final Kernels plain = new PlainKernels("test");
    private final Kernels fast = Kernels.best();

    @Test
    void theVectorKernelsRunAtTheCpusVectorWidth() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                OtherWidthRun.asked() == null, "this run asks for " + OtherWidthRun.asked() + "-bit kernels");
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        if (preferred >= 128) {
            int bits = Math.min(preferred, 512);
            assertThat(fast).isInstanceOf(VectorKernels.class);
            assertThat(fast.description()).isEqualTo("Vector API kernels (" + bits + "-bit)");
            assertThat(VectorKernels.bits()).isEqualTo(bits);
        } else {
            assertThat(fast).isInstanceOf(PlainKernels.class);
            assertThat(fast.description()).contains("fewer than 4 floats");
        }
        assertThat(new CpuRefProvider().version()).endsWith(fast.description());
    }

    /** The build runs these tests at each width ({@code -Dmnist4j.cpuref.vectorBits}). */
    @Test
    void theWidthThisRunWasStartedForIsTheWidthUsed() {
        String expected = OtherWidthRun.asked();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                expected != null, "no width asked for: this run takes the CPU's own (" + VectorKernels.bits() + ")");
        assertThat(VectorKernels.bits()).isEqualTo(Integer.parseInt(expected));
        assertThat(fast).isInstanceOf(VectorKernels.class);
    }

    /** Kernels wider than the CPU's vectors are for tests: they say so, and the default backend is not cpu-ref. */
    @Test
    void kernelsWiderThanTheCpusSayTheyAreEmulated() {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                fast instanceof VectorKernels && VectorKernels.bits() > preferred,
                "this run's kernels are not wider than the CPU's " + preferred + "-bit vectors");
        assertThat(VectorKernels.emulated()).isTrue();
        assertThat(fast.description())
                .isEqualTo("Vector API kernels (" + VectorKernels.bits() + "-bit), emulated: wider than this CPU's "
                        + preferred + "-bit vectors (-Dmnist4j.cpuref.vectorBits), many times slower");
        assertThat(new CpuRefProvider().priority()).isEqualTo(10);
    }

    @Test
    void aWidthTheKernelsDoNotHaveGivesThePlainOnesAndSaysWhy() {
        assertThat(Kernels.Selection.choose("true", "300"))
                .isInstanceOf(PlainKernels.class)
                .extracting(Kernels::description)
                .asString()
                .contains("-Dmnist4j.cpuref.vectorBits=300 is not 128, 256 or 512");
        assertThat(Kernels.Selection.choose("false", null).description()).contains("-Dmnist4j.cpuref.vector=false");
    }

    @Test
    void convolutionAndPoolingAgree() {
        float[] x = randoms(2 * 784);
        float[] w1 = randoms(9 * 32);
        float[] b1 = randoms(32);
        float[] w2 = randoms(288 * 64);
        float[] u2 = new float[Winograd.SIZE];
        Winograd.weights(w2, u2, 0, 64);
        float[] b2 = randoms(64);
        int p1 = 13 * 13 * 32;
        float[][] out1 = {new float[2 * p1], new float[2 * p1]};
        float[][] code1 = {new float[2 * p1], new float[2 * p1]};
        float[][] out2 = {new float[2 * 1600], new float[2 * 1600]};
        float[][] code2 = {new float[2 * 1600], new float[2 * 1600]};
        Kernels[] both = {plain, fast};
        for (int k = 0; k < 2; k++) {
            both[k].conv1Pool(x, 784, w1, b1, out1[k], code1[k], p1);
            both[k].conv2Pool(out1[k], p1, w2, u2, b2, out2[k], code2[k], 1600);
        }
        assertClose(out1[1], out1[0], 1e-5f);
        assertThat(code1[1]).containsExactly(code1[0]);
        assertThat(positives(out1[0])).isGreaterThan(p1 / 4);
        assertClose(out2[1], out2[0], 1e-4f);
        assertThat(positives(out2[0])).isGreaterThan(400);
    }

    @Test
    void convolutionEqualsADirectComputation() {
        float[] x = randoms(784);
        float[] w1 = randoms(9 * 32);
        float[] b1 = randoms(32);
        float[] out = new float[13 * 13 * 32];
        float[] code = new float[out.length];
        fast.conv1Pool(x, 0, w1, b1, out, code, 0);
        for (int y = 0; y < 13; y++) {
            for (int xx = 0; xx < 13; xx++) {
                for (int c = 0; c < 32; c++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int s = 0; s < 4; s++) {
                        int oy = 2 * y + s / 2;
                        int ox = 2 * xx + s % 2;
                        double v = b1[c];
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                v += (double) x[(oy + ky) * 28 + ox + kx] * w1[(ky * 3 + kx) * 32 + c];
                            }
                        }
                        if (v > best) {
                            best = v;
                            at = s;
                        }
                    }
                    int q = (y * 13 + xx) * 32 + c;
                    assertThat(out[q]).isCloseTo((float) Math.max(best, 0), within(1e-5f));
                    assertThat(code[q]).isEqualTo(at);
                }
            }
        }
    }

    /**
     * Conv2 (Winograd's algorithm in the Vector API kernels, the direct sums in the plain ones)
     * against a direct sum in double.
     */
    @Test
    void conv2EqualsADirectComputation() {
        float[] in = new float[3 + 13 * 13 * 32];
        fast.conv1Pool(randoms(784), 0, randoms(288), randoms(32), in, new float[in.length], 3);
        float[] w = randoms(288 * 64);
        float[] u = new float[Winograd.SIZE];
        Winograd.weights(w, u, 0, 64);
        float[] b = randoms(64);
        for (Kernels k : new Kernels[] {plain, fast}) {
            float[] out = new float[5 + 1600];
            float[] code = new float[out.length];
            k.conv2Pool(in, 3, w, u, b, out, code, 5);
            int checked = 0;
            for (int y = 0; y < 5; y++) {
                for (int xx = 0; xx < 5; xx++) {
                    for (int c = 0; c < 64; c++) {
                        double[] v = new double[4];
                        double[] size = new double[4]; // the sum of the terms' magnitudes, which rounding scales with
                        for (int s = 0; s < 4; s++) {
                            int oy = 2 * y + s / 2;
                            int ox = 2 * xx + s % 2;
                            v[s] = b[c];
                            size[s] = Math.abs(b[c]);
                            for (int t = 0; t < 9; t++) {
                                for (int ci = 0; ci < 32; ci++) {
                                    double term = (double) in[3 + ((oy + t / 3) * 13 + ox + t % 3) * 32 + ci]
                                            * w[(t * 32 + ci) * 64 + c];
                                    v[s] += term;
                                    size[s] += Math.abs(term);
                                }
                            }
                        }
                        int at = 0;
                        for (int s = 1; s < 4; s++) {
                            at = v[s] > v[at] ? s : at;
                        }
                        int q = 5 + (y * 5 + xx) * 64 + c;
                        // float rounding of sums of 288 products (and of Winograd's transforms), relative to their size
                        float tolerance = (float) (1e-6 * Math.max(1, size[at]));
                        assertThat(out[q])
                                .as("%s at %d", k.description(), q)
                                .isCloseTo((float) Math.max(v[at], 0), within(tolerance));
                        double runnerUp = Double.NEGATIVE_INFINITY;
                        for (int s = 0; s < 4; s++) {
                            runnerUp = s == at ? runnerUp : Math.max(runnerUp, v[s]);
                        }
                        if (v[at] - runnerUp > 1e-3) { // a near tie may go either way by rounding
                            assertThat(code[q])
                                    .as("%s code at %d", k.description(), q)
                                    .isEqualTo(at);
                            checked++;
                        }
                    }
                }
            }
            assertThat(checked).isGreaterThan(1500);
        }
    }

    @Test
    void conv2BackwardAgrees() {
        int p1 = 13 * 13 * 32;
        float[] in = new float[p1 + 7];
        float[] inCodes = new float[p1 + 7];
        fast.conv1Pool(randoms(784), 0, randoms(288), randoms(32), in, inCodes, 7);
        float[] pooled = new float[1600 + 3];
        float[] code = new float[1600 + 3];
        float[] w = randoms(288 * 64);
        float[] u = new float[Winograd.SIZE];
        Winograd.weights(w, u, 0, 64);
        fast.conv2Pool(in, 7, w, u, randoms(64), pooled, code, 3);
        float[] grad = randoms(1600 + 3);
        grad[3 + 5] = 0f;
        // the weights at 5 and the input gradient at 9, with 4 floats after it that must stay as they are
        float[] wAt5 = new float[5 + w.length];
        System.arraycopy(w, 0, wAt5, 5, w.length);
        float[] around = randoms(9 + p1 + 4);
        float[][] inGrad = {around.clone(), around.clone()};
        float[][] gw = {randoms(288 * 64), null};
        gw[1] = gw[0].clone();
        float[][] gb = {randoms(64), null};
        gb[1] = gb[0].clone();
        Kernels[] both = {plain, fast};
        for (int k = 0; k < 2; k++) {
            both[k].conv2Backward(in, 7, pooled, code, grad, 3, wAt5, 5, inGrad[k], 9, gw[k], gb[k]);
        }
        assertClose(inGrad[1], inGrad[0], 1e-4f);
        assertClose(gw[1], gw[0], 1e-4f);
        assertClose(gb[1], gb[0], 1e-4f);
        float[] written = Arrays.copyOfRange(inGrad[0], 9, 9 + p1);
        assertThat(positives(written) + positives(negate(written))).isGreaterThan(p1 / 2);
        for (float[] g : inGrad) {
            assertThat(Arrays.copyOfRange(g, 0, 9)).containsExactly(Arrays.copyOfRange(around, 0, 9));
            assertThat(Arrays.copyOfRange(g, 9 + p1, g.length))
                    .containsExactly(Arrays.copyOfRange(around, 9 + p1, around.length));
        }

        // Where the arrays lie (cache lines: AlignedFloats) changes no bit of the results.
        float[] inGradAt0 = new float[p1];
        float[] gwAt0 = Arrays.copyOf(gw[1], gw[1].length);
        float[] gbAt0 = Arrays.copyOf(gb[1], gb[1].length);
        float[] inAt0 = Arrays.copyOfRange(in, 7, in.length);
        fast.conv2Backward(inAt0, 0, pooled, code, grad, 3, w, 0, inGradAt0, 0, gwAt0, gbAt0);
        fast.conv2Backward(in, 7, pooled, code, grad, 3, wAt5, 5, inGrad[1], 9, gw[1], gb[1]);
        assertThat(Arrays.copyOfRange(inGrad[1], 9, 9 + p1)).containsExactly(inGradAt0);
        assertThat(gw[1]).containsExactly(gwAt0);
        assertThat(gb[1]).containsExactly(gbAt0);
    }

    private static float[] negate(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }

    @Test
    void conv1BackwardAgrees() {
        float[] x = randoms(784);
        int p1 = 13 * 13 * 32;
        float[] pooled = randoms(p1);
        float[] code = new float[p1];
        for (int i = 0; i < p1; i++) {
            code[i] = random.nextInt(4);
        }
        float[] grad = randoms(p1);
        float[][] gw = {randoms(288), null};
        gw[1] = gw[0].clone();
        float[][] gb = {randoms(32), null};
        gb[1] = gb[0].clone();
        float[] gradAt3 = new float[3 + p1];
        System.arraycopy(grad, 0, gradAt3, 3, p1);
        plain.conv1Backward(x, 0, pooled, code, 0, grad, 0, gw[0], gb[0]);
        float[] gw1 = gw[1].clone();
        float[] gb1 = gb[1].clone();
        fast.conv1Backward(x, 0, pooled, code, 0, grad, 0, gw[1], gb[1]);
        assertClose(gw[1], gw[0], 1e-4f);
        assertClose(gb[1], gb[0], 1e-4f);
        fast.conv1Backward(x, 0, pooled, code, 0, gradAt3, 3, gw1, gb1);
        assertThat(gw1).containsExactly(gw[1]);
        assertThat(gb1).containsExactly(gb[1]);
    }

    @Test
    void matrixProductsEqualADoublePrecisionProductForEveryShapeTheModelUses() {
        int[][] shapes = {
            {16, 64, 1600},
            {1, 64, 1600},
            {64, 1600, 16},
            {64, 1600, 5},
            {13, 1600, 64},
            {10, 64, 16},
            {7, 10, 64},
            {5, 37, 3}
        };
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = randoms(m * k);
            float[] b = randoms(k * n);
            float[] c = randoms(m * n);
            float[] viaPlain = c.clone();
            float[] viaFast = c.clone();
            plain.multiplyAdd(m, n, k, a, 0, k, b, 0, n, viaPlain, 0, n);
            fast.multiplyAdd(m, n, k, a, 0, k, b, 0, n, viaFast, 0, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double exact = c[i * n + j];
                    for (int p = 0; p < k; p++) {
                        exact += (double) a[i * k + p] * b[p * n + j];
                    }
                    assertThat((double) viaPlain[i * n + j])
                            .as("plain %dx%dx%d [%d,%d]", m, n, k, i, j)
                            .isCloseTo(exact, within(1e-4));
                    assertThat((double) viaFast[i * n + j])
                            .as("fast %dx%dx%d [%d,%d]", m, n, k, i, j)
                            .isCloseTo(exact, within(1e-4));
                }
            }
        }
    }

    /**
     * fc1's weight gradient of a batch ({@link Fc1Factors}): all 64 rows or a part's, its 1600
     * columns, the batch's images in chunks of 16 (the last may be short). Each implementation must
     * give, to the bit, the sum of its own per-chunk products as the chunks used to make them; and
     * be close to a double-precision product.
     */
    @Test
    void productsInGroupsAreThePerGroupProductsAddedToTheBit() {
        int[][] shapes = {{64, 1600, 64}, {32, 1600, 64}, {21, 1600, 50}, {7, 37, 5}, {4, 1600, 16}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = randoms(m * k);
            float[] b = randoms(k * n);
            for (Kernels kernels : new Kernels[] {plain, fast}) {
                float[] expected = new float[m * n];
                for (int g = 0; g < k; g += 16) {
                    float[] chunk = new float[m * n];
                    kernels.multiplyAdd(m, n, Math.min(16, k - g), a, g, k, b, g * n, n, chunk, 0, n);
                    for (int j = 0; j < m * n; j++) {
                        expected[j] = g == 0 ? chunk[j] : expected[j] + chunk[j];
                    }
                }
                float[] c = randoms(m * n + 3); // overwritten, but not past its m×n
                float tail = c[m * n];
                kernels.multiplyInGroups(m, n, k, 16, a, 0, k, b, 0, n, c, 0, n);
                assertThat(Arrays.copyOf(c, m * n))
                        .as("%s %dx%dx%d", kernels.description(), m, n, k)
                        .isEqualTo(expected);
                assertThat(c[m * n]).isEqualTo(tail);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double exact = 0;
                        for (int p = 0; p < k; p++) {
                            exact += (double) a[i * k + p] * b[p * n + j];
                        }
                        assertThat((double) c[i * n + j]).isCloseTo(exact, within(1e-4));
                    }
                }
            }
        }
    }

    private static int positives(float[] a) {
        int n = 0;
        for (float v : a) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }

    private float[] randoms(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static void assertClose(float[] actual, float[] expected, float tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("[%d]", i).isCloseTo(expected[i], within(tolerance));
        }
    }
}
