package dev.mnist4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogitsTest {
    @Test
    void softmaxCrossEntropyAndArgmaxAgreeWithTheFormulas() {
        float[] z = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1000};
        assertThat(Logits.argmax(z, 0)).isZero(); // ties: the first
        assertThat(Logits.argmax(z, 1)).isEqualTo(9);
        assertThat(Logits.softmax(z, 0)).containsOnly(0.1f);
        assertThat(Logits.crossEntropy(z, 0, 3)).isCloseTo(Math.log(10), within(1e-12));
        // A huge logit must not overflow: log-sum-exp subtracts the maximum first.
        assertThat(Logits.crossEntropy(z, 1, 9)).isCloseTo(0, within(1e-12));
        assertThat(Logits.crossEntropy(z, 1, 0)).isCloseTo(999, within(1e-9));
    }
}
