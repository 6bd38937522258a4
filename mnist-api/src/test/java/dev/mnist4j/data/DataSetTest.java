package dev.mnist4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataSetTest {

    /** {@code n} images whose pixel value is (image index + position) mod 256, labels i mod 10. */
    private static DataSet dataSet(int n) {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        return new DataSet("test", pixels(n), labels, Normalization.TUTORIAL);
    }

    private static byte[] pixels(int n) {
        byte[] px = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                px[i * 784 + p] = (byte) (i + p);
            }
        }
        return px;
    }

    @Test
    void pixelAndLabelCountsMustAgree() {
        assertThatThrownBy(() -> new DataSet("split", pixels(3), new byte[] {1, 2}, Normalization.TUTORIAL))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("2352 pixel bytes for 2 labels")
                .hasMessageContaining("784 (28×28)");
    }

    @Test
    void labelsOutsideZeroToNineAreRefused() {
        assertThatThrownBy(() -> new DataSet("split", pixels(2), new byte[] {1, 12}, Normalization.TUTORIAL))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("label 12 at index 1 is outside 0–9");
    }

    @Test
    void batchesNormaliseTheTutorialsWay() {
        Batch b = dataSet(2).slice(0, 2);
        // pixel (image 1, position 3) = 4 → (4/255 − 0.5)/0.5
        assertThat(b.images()[784 + 3]).isCloseTo((4 / 255f - 0.5f) / 0.5f, within(1e-7f));
        assertThat(new Normalization(0.1307f, 0.3081f).apply(255)).isCloseTo((1 - 0.1307f) / 0.3081f, within(1e-6f));
    }

    @Test
    void aShuffledEpochVisitsEveryImageOnceAndTheSeedFixesTheOrder() {
        DataSet ds = dataSet(150);
        List<Integer> first = order(ds, 11L, false);
        assertThat(first).hasSize(150).doesNotHaveDuplicates();
        assertThat(order(ds, 11L, false)).isEqualTo(first);
        assertThat(order(ds, 12L, false)).isNotEqualTo(first).containsExactlyInAnyOrderElementsOf(first);
        assertThat(order(ds, null, false)).isSorted();
    }

    @Test
    void dropLastLeavesOutTheShortBatch() {
        DataSet ds = dataSet(150);
        List<Integer> sizes = new ArrayList<>();
        ds.batches(64, 1L, false).forEach(b -> sizes.add(b.count()));
        assertThat(sizes).containsExactly(64, 64, 22);
        assertThat(ds.batchCount(64, false)).isEqualTo(3);
        sizes.clear();
        ds.batches(64, 1L, true).forEach(b -> sizes.add(b.count()));
        assertThat(sizes).containsExactly(64, 64);
        assertThat(ds.batchCount(64, true)).isEqualTo(2);
    }

    /** The images' identities in batch order, recovered from their first pixel (= image index mod 256). */
    private static List<Integer> order(DataSet ds, Long seed, boolean dropLast) {
        List<Integer> ids = new ArrayList<>();
        for (Batch b : ds.batches(64, seed, dropLast)) {
            for (int i = 0; i < b.count(); i++) {
                float v = b.images()[i * 784];
                int id = Math.round((v * 0.5f + 0.5f) * 255);
                assertThat(b.labels()[i]).isEqualTo(id % 10);
                ids.add(id);
            }
        }
        return ids;
    }

    @Test
    void aValidationSplitIsHeldOutBySeedAndSharesNoImageWithTraining() {
        DataSet ds = dataSet(500);
        DataSet.Split split = ds.holdOut(100, 9L);
        assertThat(split.validation().size()).isEqualTo(100);
        assertThat(split.train().size()).isEqualTo(400);
        // every image of the pattern is told apart by its first pixel (i mod 256) and label (i mod 10) together
        java.util.Set<String> val = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            val.add(split.validation().rawImage(i)[0] + "/" + split.validation().label(i) + "/"
                    + split.validation().rawImage(i)[1]);
        }
        java.util.Set<String> train = new java.util.HashSet<>();
        for (int i = 0; i < 400; i++) {
            train.add(split.train().rawImage(i)[0] + "/" + split.train().label(i) + "/"
                    + split.train().rawImage(i)[1]);
        }
        assertThat(val).hasSize(100).doesNotContainAnyElementsOf(train);
        assertThat(ds.holdOut(100, 9L).validation().sha256())
                .isEqualTo(split.validation().sha256());
        assertThat(ds.holdOut(100, 10L).validation().sha256())
                .isNotEqualTo(split.validation().sha256());
        assertThatThrownBy(() -> ds.holdOut(500, 9L)).hasMessageContaining("fewer than the 500");
        assertThatThrownBy(() -> ds.holdOut(0, 9L)).hasMessageContaining("at least 1 image");
    }
}
