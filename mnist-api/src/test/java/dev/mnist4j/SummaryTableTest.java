package dev.mnist4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnist4j.model.MnistCnn;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
    @Test
    void theLayerTableAddsUpToTheCnnsParametersAndNamesBackendAndDevice() {
        assertThat(SummaryTable.totalParameters())
                .isEqualTo(MnistCnn.PARAMETER_COUNT)
                .isEqualTo(121_930);
        String table = SummaryTable.render("cpu-ref", "cpu");
        assertThat(table)
                .contains("Total params: 121,930")
                .contains("├─Conv2d: 1-1 (conv1)")
                .contains("[N, 64, 5, 5]")
                .contains("Backend: cpu-ref, device: cpu");
    }
}
