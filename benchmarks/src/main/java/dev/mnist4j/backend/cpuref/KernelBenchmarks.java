package dev.mnist4j.backend.cpuref;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * cpu-ref's kernels one at a time, per image (convolutions, with the pooling fused in) or per chunk
 * of 16 images (the fully-connected products), with the Vector API kernels and the plain-Java ones.
 * Run: {@code scripts/jmh KernelBenchmarks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx1g"})
public class KernelBenchmarks {
    private static final int POOLED1 = 13 * 13 * 32;
    private static final int FLAT = 1600;
    private static final int CHUNK = 16;

    @Param({"vector", "plain"})
    public String kernels;

    private Kernels k;
    private final SplittableRandom random = new SplittableRandom(1);
    private float[] image;
    private float[] conv1;
    private float[] bias1;
    private float[] conv2;
    private float[] conv2Rows;
    private float[] conv2Winograd;
    private float[] bias2;
    private final float[] p1 = new float[POOLED1];
    private final float[] code1 = new float[POOLED1];
    private final float[] p2 = new float[FLAT];
    private final float[] code2 = new float[FLAT];
    private float[] gradP2;
    private final float[] gradP1 = new float[POOLED1];
    private final float[] gw1 = new float[9 * 32];
    private final float[] gb1 = new float[32];
    private final float[] gw2 = new float[288 * 64];
    private final float[] gb2 = new float[64];
    private float[] chunkFlat;
    private float[] fc1T;
    private float[] fc1;
    private float[] hidden;
    private final float[] out64 = new float[CHUNK * 64];
    private final float[] outWeights = new float[FLAT * 64];
    private final float[] outFlat = new float[CHUNK * FLAT];
    private float[] hiddenT;

    @Setup
    public void setUp() {
        k = kernels.equals("plain") ? new PlainKernels("benchmark") : Kernels.best();
        if (kernels.equals("vector") && !(k instanceof VectorKernels)) {
            throw new IllegalStateException("the Vector API kernels are not available: " + k.description());
        }
        image = randoms(784, 0, 2);
        conv1 = randoms(9 * 32, -0.3, 0.3);
        bias1 = randoms(32, -0.3, 0.3);
        conv2 = randoms(288 * 64, -0.06, 0.06);
        conv2Rows = randoms(288 * 64, -0.06, 0.06);
        bias2 = randoms(64, -0.06, 0.06);
        conv2Winograd = new float[Winograd.SIZE];
        Winograd.weights(conv2, conv2Winograd, 0, 64);
        // Realistic pooled maps and codes (about half the values pass the ReLU) for the backward passes.
        k.conv1Pool(image, 0, conv1, bias1, p1, code1, 0);
        k.conv2Pool(p1, 0, conv2, conv2Winograd, bias2, p2, code2, 0);
        gradP2 = randoms(FLAT, -1e-3, 1e-3);
        chunkFlat = randoms(CHUNK * FLAT, 0, 1);
        hiddenT = randoms(64 * CHUNK, -1e-3, 1e-3);
        fc1T = randoms(FLAT * 64, -0.025, 0.025);
        fc1 = randoms(64 * FLAT, -0.025, 0.025);
        hidden = randoms(CHUNK * 64, -1e-3, 1e-3);
    }

    private float[] randoms(int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return a;
    }

    /** Conv1 + bias + 2×2 max-pool + ReLU, one image (0.39 MFLOP). */
    @Benchmark
    public float[] conv1Forward() {
        k.conv1Pool(image, 0, conv1, bias1, p1, code1, 0);
        return p1;
    }

    /**
     * Conv2 + bias + 2×2 max-pool + ReLU, one image (3.69 MFLOP directly; Winograd's F(2×2, 3×3) in
     * the Vector API kernels).
     */
    @Benchmark
    public float[] conv2Forward() {
        k.conv2Pool(p1, 0, conv2, conv2Winograd, bias2, p2, code2, 0);
        return p2;
    }

    /** Conv2's weight, bias and input gradients, one image. */
    @Benchmark
    public float[] conv2Backward() {
        k.conv2Backward(p1, 0, p2, code2, gradP2, 0, conv2Rows, 0, gradP1, 0, gw2, gb2);
        return gradP1;
    }

    /** Conv1's weight and bias gradients, one image. */
    @Benchmark
    public float[] conv1Backward() {
        k.conv1Backward(image, 0, p1, code1, 0, gradP1, 0, gw1, gb1);
        return gw1;
    }

    /** fc1 forward of a chunk: [16×1600]·[1600×64] (3.3 MFLOP). */
    @Benchmark
    public float[] fc1Forward() {
        k.multiplyAdd(CHUNK, 64, FLAT, chunkFlat, 0, FLAT, fc1T, 0, 64, out64, 0, 64);
        return out64;
    }

    /** fc1's weight gradient of a chunk: [64×16]·[16×1600] (3.3 MFLOP). */
    @Benchmark
    public float[] fc1WeightGradient() {
        k.multiplyAdd(64, FLAT, CHUNK, hiddenT, 0, CHUNK, chunkFlat, 0, FLAT, outWeights, 0, FLAT);
        return outWeights;
    }

    /** fc1's input gradient of a chunk: [16×64]·[64×1600] (3.3 MFLOP). */
    @Benchmark
    public float[] fc1InputGradient() {
        k.multiplyAdd(CHUNK, FLAT, 64, hidden, 0, 64, fc1, 0, FLAT, outFlat, 0, FLAT);
        return outFlat;
    }
}
