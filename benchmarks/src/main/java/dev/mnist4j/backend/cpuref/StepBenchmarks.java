package dev.mnist4j.backend.cpuref;

import dev.mnist4j.data.Batch;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.spi.Update;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole steps of cpu-ref: one training step of a batch of 64 (forward, backward, SGD), the
 * optimizer's update alone, and inference of one image and of 1,000. Run: {@code scripts/jmh StepBenchmarks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx1g"})
public class StepBenchmarks {
    private static final Update SGD = new Update.Sgd(0.01f);
    private static final Update MOMENTUM = new Update.Momentum(0.01f, 0.9f, false);

    @Param({"vector", "plain"})
    public String kernels;

    @Param({"1", "2"})
    public int threads;

    private CpuRefModel model;
    private CpuRefTrainingEngine engine;
    private float[][] buffers;
    private Batch batch;
    private float[] logits;
    private float[] oneImage;
    private float[] thousandImages;
    private float[][] grads;

    @Setup(Level.Trial)
    public void setUp() {
        Kernels k = kernels.equals("plain") ? new PlainKernels("benchmark") : Kernels.best();
        model = new CpuRefModel(PyTorchInit.initialState(42), threads, k);
        engine = new CpuRefTrainingEngine(model);
        buffers = Parameters.zerosLike();
        SplittableRandom random = new SplittableRandom(3);
        float[] images = new float[64 * MnistCnn.PIXELS];
        int[] labels = new int[64];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) (random.nextDouble() * 3 - 0.4);
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(10);
        }
        batch = new Batch(0, 64, images, labels);
        logits = new float[64 * MnistCnn.CLASSES];
        oneImage = java.util.Arrays.copyOf(images, MnistCnn.PIXELS);
        thousandImages = new float[1000 * MnistCnn.PIXELS];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(images, (i % 64) * MnistCnn.PIXELS, thousandImages, i * MnistCnn.PIXELS, MnistCnn.PIXELS);
        }
        grads = Parameters.zerosLike();
        for (float[] g : grads) {
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) (random.nextDouble() * 1e-3);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }

    /** Forward, backward and SGD update of one batch of 64 (the tutorial's recipe). */
    @Benchmark
    public float trainStep() {
        float loss = engine.forwardBackward(batch, logits);
        engine.update(SGD);
        return loss;
    }

    /** SGD with momentum over the 121,930 parameters, alone. */
    @Benchmark
    public float[][] momentumUpdate() {
        UpdateRules.apply(MOMENTUM, model.parameters().values, grads, buffers, null, 0, 1);
        return model.parameters().values;
    }

    /** Logits of one image (the single-image latency). */
    @Benchmark
    public float[] predictOne() {
        return model.logits(oneImage, 1);
    }

    /** Logits of 1,000 images. */
    @Benchmark
    public float[] predictThousand() {
        return model.logits(thousandImages, 1000);
    }
}
