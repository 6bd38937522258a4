package dev.mnist4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnist4j.data.Batch;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.train.Evaluation;
import org.junit.jupiter.api.Test;

/** Values stay values: no caller changes one through an array it gave or got; equal contents are equal. */
class ValuesTest {
    @Test
    void aTensorCopiesItsValuesInAndOut() {
        float[] data = {1, 2, 3, 4};
        Tensor t = new Tensor(new int[] {2, 2}, data);
        data[0] = 99;
        t.data()[1] = 99;
        t.shape()[0] = 7;
        assertThat(t.data()).containsExactly(1, 2, 3, 4);
        assertThat(t.shape()).containsExactly(2, 2);
        assertThat(t).isEqualTo(new Tensor(new int[] {2, 2}, new float[] {1, 2, 3, 4}));
    }

    @Test
    void aStateDictCannotBeChangedThroughWhatItHandsOut() {
        StateDict s = PyTorchInit.initialState(1);
        s.get("fc2.bias").data()[0] = 42;
        assertThat(s).isEqualTo(PyTorchInit.initialState(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.tensors().remove("fc2.bias"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void predictionsEvaluationsAndBatchesCompareByContent() {
        float[] p = new float[10];
        p[3] = 1;
        Prediction a = new Prediction(3, p);
        p[3] = 0;
        assertThat(a.probability()).isEqualTo(1f);
        assertThat(a)
                .isEqualTo(new Prediction(3, a.probabilities()))
                .hasSameHashCodeAs(new Prediction(3, a.probabilities()));
        a.probabilities()[3] = 0;
        assertThat(a.probability()).isEqualTo(1f);

        int[][] m = new int[10][10];
        m[1][1] = 5;
        Evaluation e = new Evaluation(5, 1.0, 0.1, m);
        m[1][1] = 0;
        assertThat(e.confusion()[1][1]).isEqualTo(5);
        int[][] copy = e.confusion();
        copy[1][1] = 0;
        assertThat(e).isEqualTo(new Evaluation(5, 1.0, 0.1, e.confusion()));
        assertThat(e.confusion()[1][1]).isEqualTo(5);

        assertThat(new Batch(0, 1, new float[784], new int[] {4}))
                .isEqualTo(new Batch(0, 1, new float[784], new int[] {4}));
    }
}
