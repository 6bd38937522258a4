package dev.mnist4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataSetTest {

    private static DataSet dataSet(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return new DataSet("test", IdxReader.parseImages(IdxFiles.images(n, 28, 28), "i"),
                IdxReader.parseLabels(IdxFiles.labels(labels), "l"), Normalization.TUTORIAL);
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        assertThatThrownBy(() -> new DataSet("split", IdxReader.parseImages(IdxFiles.images(3, 28, 28), "i"),
                IdxReader.parseLabels(IdxFiles.labels(1, 2), "l"), Normalization.TUTORIAL))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("3 images but 2 labels");
    }

    @Test
    void labelsOutsideZeroToNineAreRefused() {
        assertThatThrownBy(() -> new DataSet("split", IdxReader.parseImages(IdxFiles.images(2, 28, 28), "i"),
                IdxReader.parseLabels(IdxFiles.labels(1, 12), "l"), Normalization.TUTORIAL))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("label 12 at index 1 is outside 0–9");
    }

    @Test
    void imagesMustBe28By28() {
        assertThatThrownBy(() -> new DataSet("split", IdxReader.parseImages(IdxFiles.images(2, 32, 32), "i"),
                IdxReader.parseLabels(IdxFiles.labels(1, 2), "l"), Normalization.TUTORIAL))
                .hasMessageContaining("32×32").hasMessageContaining("28×28");
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
}
