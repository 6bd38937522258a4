package dev.mnist4j.backend.cpuref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mnist4j.data.Batch;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.tck.GoldenFixture;
import dev.mnist4j.tck.ReferenceCnn;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cpu-ref's backward pass against real PyTorch's gradients and against finite differences, with the
 * kernels this JVM picks (the Vector API ones under Maven, which enables the module) and with the
 * plain-Java ones.
 */
@ExtendWith(OtherWidthRun.class)
class CpuRefGradientTest {
    private final GoldenFixture golden = GoldenFixture.load();
    private CpuRefModel model;

    @AfterEach
    void close() {
        if (model != null) {
            model.close();
        }
    }

    /**
     * The vector kernels, and the plain ones in the default run only: the re-runs at other vector
     * widths ({@code mnist4j.cpuref.vectorBits}) would repeat the plain kernels' results exactly.
     */
    static Stream<Kernels> kernels() {
        return OtherWidthRun.asked() == null
                ? Stream.of(Kernels.best(), new PlainKernels("test"))
                : Stream.of(Kernels.best());
    }

    private float[][] gradients(Kernels kernels, StateDict weights, Batch batch, int threads) {
        model = new CpuRefModel(weights, threads, kernels);
        TrainingEngine engine = model.newTrainingEngine();
        engine.forwardBackward(batch, new float[batch.count() * 10]);
        StateDict grads = engine.gradients();
        float[][] torch = new float[Parameters.COUNT][];
        for (int t = 0; t < Parameters.COUNT; t++) {
            torch[t] = grads.get(MnistCnn.PARAMETERS.get(t).name()).data();
        }
        return torch;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void everyGradientEqualsPyTorchs(Kernels kernels) {
        float[][] grads = gradients(kernels, golden.weights(), golden.batch(), 2);
        StateDict expected = golden.state("grad.");
        for (int t = 0; t < Parameters.COUNT; t++) {
            String name = MnistCnn.PARAMETERS.get(t).name();
            float[] e = expected.get(name).data();
            for (int i = 0; i < e.length; i++) {
                assertThat(grads[t][i]).as("%s[%d]", name, i).isCloseTo(e[i], within(1e-6f));
            }
        }
    }

    /**
     * Central differences of the mean loss, computed in double precision by the independent
     * {@link ReferenceCnn}, at 40 random coordinates of every tensor.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void gradientsMatchFiniteDifferencesOfAnIndependentForwardPass(Kernels kernels) {
        Batch batch = new Batch(
                0, 4, java.util.Arrays.copyOf(golden.input(), 4 * 784), java.util.Arrays.copyOf(golden.labels(), 4));
        StateDict weights = golden.weights();
        float[][] grads = gradients(kernels, weights, batch, 1);
        SplittableRandom random = new SplittableRandom(17);
        // Small steps, so that few ReLU or max-pool switches fall between the two points.
        double h = 1e-6; // the reference computes in double, so tiny steps stay accurate
        for (int t = 0; t < Parameters.COUNT; t++) {
            MnistCnn.Parameter p = MnistCnn.PARAMETERS.get(t);
            for (int k = 0; k < 40; k++) {
                int i = random.nextInt(p.size());
                StateDict plus = perturbed(weights, p.name(), i, h);
                StateDict minus = perturbed(weights, p.name(), i, -h);
                double step = plus.get(p.name()).data()[i] - minus.get(p.name()).data()[i]; // as stored in float
                double numeric = (loss(plus, batch) - loss(minus, batch)) / step;
                assertThat((double) grads[t][i])
                        .as("d loss / d %s[%d]", p.name(), i)
                        .isCloseTo(numeric, within(5e-5 + 1e-3 * Math.abs(numeric)));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void theGradientIsTheSameWhateverTheNumberOfThreads(Kernels kernels) {
        Batch batch = new Batch(
                0, 64, java.util.Arrays.copyOf(repeat(golden.input(), 4), 64 * 784), repeat(golden.labels(), 4));
        float[][] one = gradients(kernels, golden.weights(), batch, 1);
        model.close();
        float[][] three = gradients(kernels, golden.weights(), batch, 3);
        for (int t = 0; t < Parameters.COUNT; t++) {
            assertThat(three[t]).containsExactly(one[t]);
        }
    }

    private static float[] repeat(float[] a, int times) {
        float[] out = new float[a.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(a, 0, out, i * a.length, a.length);
        }
        return out;
    }

    private static int[] repeat(int[] a, int times) {
        int[] out = new int[a.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(a, 0, out, i * a.length, a.length);
        }
        return out;
    }

    private static StateDict perturbed(StateDict s, String name, int index, double delta) {
        Map<String, Tensor> copy = new LinkedHashMap<>(s.tensors());
        Tensor t = s.get(name);
        float[] d = t.data();
        d[index] += (float) delta;
        copy.put(name, new Tensor(t.shape(), d));
        return StateDict.of(copy);
    }

    private static double loss(StateDict s, Batch batch) {
        double sum = 0;
        for (int i = 0; i < batch.count(); i++) {
            double[] z = ReferenceCnn.logits(s, batch.images(), i);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double e = 0;
            for (double v : z) {
                e += Math.exp(v - max);
            }
            sum += max + Math.log(e) - z[batch.labels()[i]];
        }
        return sum / batch.count();
    }
}
