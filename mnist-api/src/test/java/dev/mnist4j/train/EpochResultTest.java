package dev.mnist4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EpochResultTest {
    @Test
    void printsLikeTheTutorial() {
        EpochResult r = new EpochResult(1, 5, 0.82914, 0.782871, Duration.ofMillis(17_956), null, null);
        assertThat(r.tutorialLine()).isEqualTo("Epoch 1/5, Loss: 0.8291, Accuracy: 78.287% UseTime: 0:00:17.95");
        EpochResult long1 = new EpochResult(10, 10, 0.05, 0.98448, Duration.ofMillis(3_723_450), null, null);
        assertThat(long1.tutorialLine()).endsWith("Accuracy: 98.448% UseTime: 1:02:03.45");
    }

    @Test
    void anEvaluationNamesItsMostConfusedPairsAndPerDigitAccuracy() {
        int[][] m = new int[10][10];
        for (int d = 0; d < 10; d++) {
            m[d][d] = 10;
        }
        m[4][9] = 5;
        m[7][2] = 3;
        m[3][5] = 5;
        Evaluation e = new Evaluation(113, 100 / 113.0, 0.3, m);
        assertThat(e.mostConfused(2)).containsExactly(new int[] {3, 5, 5}, new int[] {4, 9, 5});
        assertThat(e.mostConfused(10)).hasSize(3);
        assertThat(e.perClassAccuracy()[7]).isEqualTo(10 / 13.0);
        assertThat(e.confusionTable()).contains("     5");
    }

    @Test
    void optimizersParseAndCheckTheirSettings() {
        assertThat(OptimizerConfig.parse("sgd", null)).isEqualTo(new OptimizerConfig.Sgd(0.01, 0));
        assertThat(OptimizerConfig.parse("momentum", 0.05)).isEqualTo(new OptimizerConfig.Sgd(0.05, 0.9));
        assertThat(OptimizerConfig.parse("Adam", null)).isEqualTo(new OptimizerConfig.Adam(1e-3, 0.9, 0.999, 1e-8));
        assertThatThrownBy(() -> OptimizerConfig.parse("rmsprop", null))
                .hasMessageContaining("use sgd, momentum, adam or adamw");
        assertThat(OptimizerConfig.parse("adamw", null)).isEqualTo(OptimizerConfig.adamW(1e-3, 0.01));
        assertThat(OptimizerConfig.momentum(0.01, 0.9).withWeightDecay(5e-4))
                .hasToString("SGD(lr=0.01, momentum=0.9, weight_decay=5.0E-4)");
        assertThatThrownBy(() -> OptimizerConfig.adam(1e-3).withWeightDecay(-1))
                .hasMessageContaining("weight_decay must be 0 or more");
        assertThatThrownBy(() -> OptimizerConfig.sgd(-1)).hasMessageContaining("learning rate must be > 0");
        assertThatThrownBy(() -> TrainConfig.defaults().withBatchSize(0)).hasMessageContaining("batch size");
    }
}
