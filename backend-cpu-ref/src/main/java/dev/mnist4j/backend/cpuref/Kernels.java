package dev.mnist4j.backend.cpuref;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arithmetic the CNN spends its time in, on channels-last data: a feature map is
 * {@code [y][x][channel]}, so the channels of one position are contiguous and the inner loops run
 * over 32 or 64 channels. Two implementations: {@link VectorKernels} (the JDK's Vector API at the
 * CPU's vector width, 128 to 512 bits, used when {@code jdk.incubator.vector} is enabled) and
 * {@link PlainKernels} (plain loops the JIT may vectorise), which gives the same results to
 * float rounding everywhere else.
 *
 * <p>Pooling codes: {@code code} arrays record which of the four inputs of each 2×2 window won the
 * max (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right; the first in that order on ties, as
 * PyTorch does), as floats so the vector code can store them directly.
 */
interface Kernels {
    /** Conv1 channels and the 13×13 pooled map it produces. */
    int C1 = 32;

    int POOLED1_SIDE = 13;
    /** Conv2 channels and its 5×5 pooled map. */
    int C2 = 64;

    int POOLED2_SIDE = 5;
    /** Length of one conv2 weight row: 3×3 positions × 32 input channels, in (ky, kx, ci) order. */
    int K2 = 9 * C1;

    /**
     * The system property that sets the Vector API kernels' width in bits (128, 256 or 512) instead
     * of the CPU's: for testing each width's kernels on any CPU.
     */
    String VECTOR_BITS = "mnist4j.cpuref.vectorBits";

    /** What this implementation is, for users: shown in the backend's version. */
    String description();

    /**
     * Conv1 (1→32, 3×3) + bias, 2×2 max-pool, ReLU on one 28×28 image:
     * {@code out[13][13][32]} and the pooling codes. {@code w} is {@code [9][32]} ((ky,kx) major).
     */
    void conv1Pool(float[] x, int xOff, float[] w, float[] bias, float[] out, float[] code, int outOff);

    /**
     * Conv2 (32→64, 3×3) + bias, 2×2 max-pool, ReLU on one {@code [13][13][32]} map: only the 10×10
     * outputs the pooling reads are computed. {@code out[5][5][64]} and the pooling codes. The
     * weights come twice, and an implementation reads the layout it computes with: {@code w} is
     * {@code [288][64]} (row {@code (ky·3+kx)·32+ci}) for the direct sums, {@code u} is
     * {@link Winograd#weights} of it for Winograd's F(2×2, 3×3), which rounds otherwise (within
     * about 1e-6 of the sums' size).
     */
    void conv2Pool(float[] in, int inOff, float[] w, float[] u, float[] bias, float[] out, float[] code, int outOff);

    /**
     * Conv1's weight and bias gradients from one image: {@code grad} (at {@code gradOff}) is the
     * gradient at the pooled outputs {@code [13][13][32]} (at {@code off} in {@code pooled} and
     * {@code code}; zero where the pooled value is not positive is applied here), added into
     * {@code gw[9][32]} and {@code gb[32]}.
     */
    void conv1Backward(
            float[] x,
            int xOff,
            float[] pooled,
            float[] code,
            int off,
            float[] grad,
            int gradOff,
            float[] gw,
            float[] gb);

    /**
     * Conv2's weight, bias and input gradients from one image. Max-pooling routes each pooled
     * output's gradient to one conv2 output, so they are at most 25·64 rank-one updates (one per
     * pooled value that passed the ReLU) instead of dense products over all 100 positions.
     *
     * @param in      conv2's input {@code [13][13][32]} at {@code inOff}
     * @param pooled  conv2's pooled output {@code [5][5][64]} at {@code off}, with its codes
     * @param grad    the gradient at the pooled output, at {@code off}
     * @param w       the weights as rows {@code [64][288]}, at {@code wOff}
     * @param inGrad  receives the gradient at conv2's input {@code [13][13][32]} at {@code inGradOff}
     *                (overwritten)
     * @param gw      weight gradient rows {@code [64][288]}, added into
     * @param gb      bias gradient, added into
     */
    void conv2Backward(
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
            float[] gb);

    /**
     * Row-major {@code C[m×n] += A[m×k] · B[k×n]}; each matrix is given by array, offset and row stride.
     */
    void multiplyAdd(
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
            int ldc);

    /**
     * Row-major {@code C[m×n] = A[m×k] · B[k×n]} with k's range in groups of {@code group} (the last
     * may be shorter): each group's product is summed from 0 on its own and the groups' products are
     * added in order, so C rounds exactly as the sum of products made separately per group (per
     * chunk of a batch) would. C is overwritten.
     */
    void multiplyInGroups(
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
            int ldc);

    /**
     * The fastest implementation this JVM can run: the Vector API one unless the module
     * {@code jdk.incubator.vector} is not enabled ({@code --add-modules jdk.incubator.vector}), the
     * CPU's preferred vectors hold fewer than 4 floats, or {@code -Dmnist4j.cpuref.vector=false}, or
     * {@code -D}{@value #VECTOR_BITS} is not a width the kernels have.
     */
    static Kernels best() {
        return Selection.BEST;
    }

    /** Holds the choice, made once. */
    final class Selection {
        private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
        static final Kernels BEST =
                choose(System.getProperty("mnist4j.cpuref.vector", "true"), System.getProperty(VECTOR_BITS));

        private Selection() {}

        /** The choice for these values of the two properties ({@code bits} null: the CPU's width). */
        static Kernels choose(String vector, String bits) {
            if (!Boolean.parseBoolean(vector)) {
                return new PlainKernels("-Dmnist4j.cpuref.vector=false");
            }
            if (bits != null && !List.of("128", "256", "512").contains(bits)) {
                return new PlainKernels("-D" + VECTOR_BITS + "=" + bits + " is not 128, 256 or 512");
            }
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return new PlainKernels("start Java with --add-modules jdk.incubator.vector for the fast kernels");
            }
            try {
                Kernels k = VectorKernels.ifSupported();
                if (k != null) {
                    return k;
                }
                return new PlainKernels("this CPU's vectors hold fewer than 4 floats");
            } catch (LinkageError e) {
                LOG.warn("cpu-ref: the Vector API failed to load ({}); using plain-Java kernels", e.toString());
                return new PlainKernels("the Vector API failed to load: " + e);
            }
        }
    }
}
