package dev.mnist4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PyTorchInitTest {
    @Test
    void isSeededAndHasTheCnnsNamesShapesAndCount() {
        StateDict a = PyTorchInit.initialState(123);
        assertThat(a).isEqualTo(PyTorchInit.initialState(123)).isNotEqualTo(PyTorchInit.initialState(124));
        assertThat(a.parameterCount()).isEqualTo(121_930).isEqualTo(MnistCnn.PARAMETER_COUNT);
        a.requireMnistCnn();
    }

    @Test
    void drawsUniformlyWithinOneOverRootFanIn() {
        StateDict s = PyTorchInit.initialState(9);
        for (MnistCnn.Parameter p : MnistCnn.PARAMETERS) {
            double bound = 1 / Math.sqrt(p.fanIn());
            float[] d = s.get(p.name()).data();
            double sum = 0;
            double sq = 0;
            for (float v : d) {
                assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
                sum += v;
                sq += v * v;
            }
            if (d.length >= 1000) { // U(-b, b): mean 0, variance b²/3
                assertThat(sum / d.length).isCloseTo(0, within(0.05 * bound));
                assertThat(sq / d.length).isCloseTo(bound * bound / 3, within(0.05 * bound * bound));
            }
        }
    }
}
