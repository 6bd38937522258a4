package dev.mnist4j.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnist4j.data.InvalidDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRawAndGzipImagesAlike() throws Exception {
        byte[] raw = IdxFiles.images(3, 28, 28);
        Files.write(dir.resolve("a"), raw);
        Files.write(dir.resolve("b.gz"), IdxFiles.gzip(raw));
        IdxReader.Images a = IdxReader.parseImages(IdxReader.readContent(dir.resolve("a")), "a");
        IdxReader.Images b = IdxReader.parseImages(IdxReader.readContent(dir.resolve("b.gz")), "b");
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.rows()).isEqualTo(28);
        assertThat(a.pixels()).hasSize(3 * 784).containsExactly(b.pixels());
        assertThat(a.pixels()[784 + 5]).isEqualTo((byte) 6);
    }

    @Test
    void readsLabels() {
        assertThat(IdxReader.parseLabels(IdxFiles.labels(7, 0, 9), "l")).containsExactly(7, 0, 9);
    }

    @Test
    void aWrongMagicNumberNamesTheFileAndWhatItFound() {
        assertThatThrownBy(() -> IdxReader.parseImages(IdxFiles.labels(1, 2), "train-images"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("train-images")
                .hasMessageContaining("wrong magic number 0x00000801")
                .hasMessageContaining("a labels file");
        byte[] junk = "this is not an IDX file at all".getBytes();
        assertThatThrownBy(() -> IdxReader.parseLabels(junk, "x.idx")).hasMessageContaining("not an IDX file");
    }

    @Test
    void aTruncatedFileSaysHowMuchIsMissing() {
        byte[] full = IdxFiles.images(10, 28, 28);
        assertThatThrownBy(() -> IdxReader.parseImages(Arrays.copyOf(full, full.length - 100), "imgs"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("imgs")
                .hasMessageContaining("truncated")
                .hasMessageContaining("10 images of 28×28");
        assertThatThrownBy(() -> IdxReader.parseImages(Arrays.copyOf(full, 10), "imgs"))
                .hasMessageContaining("shorter than the 16-byte IDX images header");
        byte[] labels = IdxFiles.labels(1, 2, 3);
        assertThatThrownBy(() -> IdxReader.parseLabels(Arrays.copyOf(labels, labels.length - 1), "lbl"))
                .hasMessageContaining("truncated");
    }

    @Test
    void aCorruptGzipStreamIsReportedAsSuch() throws Exception {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(50, 28, 28));
        byte[] corrupt = gz.clone();
        for (int i = 20; i < 60; i++) {
            corrupt[i] ^= 0x5a;
        }
        Files.write(dir.resolve("c.gz"), corrupt);
        assertThatThrownBy(() -> IdxReader.readContent(dir.resolve("c.gz")))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("c.gz")
                .hasMessageContaining("corrupt or truncated gzip");
        Files.write(dir.resolve("t.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.readContent(dir.resolve("t.gz")))
                .hasMessageContaining("t.gz")
                .hasMessageContaining("corrupt or truncated gzip");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> IdxReader.readContent(dir.resolve("nope")))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("nope")
                .hasMessageContaining("does not exist");
    }
}
