package dev.mnist4j.backend.cpuref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.spi.Update;
import dev.mnist4j.tck.GoldenFixture;
import dev.mnist4j.tck.ReferenceCnn;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The forward pass computes conv2 from weights transformed for Winograd's algorithm, a copy remade
 * after each change: its logits must follow every change of the weights (a training step, a load),
 * checked against an independent forward pass in double precision.
 */
class CpuRefInferenceTest {
    private final GoldenFixture golden = GoldenFixture.load();

    @Test
    void logitsFollowTrainingStepsAndLoads() {
        try (CpuRefModel model = new CpuRefModel(golden.weights(), 2, Kernels.best())) {
            float[] before = model.logits(golden.input(), golden.count());
            assertMatchesTheReference(before, model.state());

            TrainingEngine engine = model.newTrainingEngine();
            engine.forwardBackward(golden.batch(), new float[golden.count() * 10]);
            engine.update(new Update.Sgd(0.5f));
            float[] stepped = model.logits(golden.input(), golden.count());
            assertMatchesTheReference(stepped, model.state());
            assertThat(maxDifference(stepped, before)).isGreaterThan(1e-2);

            StateDict changed = scaled(golden.weights(), "conv2.weight", 1.5f);
            model.load(changed);
            float[] loaded = model.logits(golden.input(), golden.count());
            assertMatchesTheReference(loaded, changed);
            assertThat(maxDifference(loaded, stepped)).isGreaterThan(1e-2);
        }
    }

    private void assertMatchesTheReference(float[] logits, StateDict state) {
        for (int i = 0; i < golden.count(); i++) {
            double[] expected = ReferenceCnn.logits(state, golden.input(), i);
            for (int c = 0; c < 10; c++) {
                float e = (float) expected[c];
                assertThat(logits[i * 10 + c])
                        .as("image %d, class %d", i, c)
                        .isCloseTo(e, within(1e-5f * Math.max(1f, Math.abs(e))));
            }
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static StateDict scaled(StateDict s, String name, float factor) {
        Map<String, Tensor> copy = new LinkedHashMap<>(s.tensors());
        Tensor t = s.get(name);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= factor;
        }
        copy.put(name, new Tensor(t.shape(), d));
        return StateDict.of(copy);
    }
}
