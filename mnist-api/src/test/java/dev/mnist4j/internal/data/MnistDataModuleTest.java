package dev.mnist4j.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnist4j.DataModules;
import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.data.InvalidDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDataModuleTest {
    @TempDir
    Path dir;

    @Test
    void theEmbeddedCopyIsFoundCheckedAndHasMnistsSizes() {
        DataModule mnist = DataModules.mnist(DataOptions.defaults());
        assertThat(mnist.train().size()).isEqualTo(60_000);
        assertThat(mnist.test().size()).isEqualTo(10_000);
        assertThat(mnist.source()).contains("embedded");
        // The first training image is a 5, the first test image a 7: MNIST's well-known heads.
        assertThat(mnist.train().label(0)).isEqualTo(5);
        assertThat(mnist.test().label(0)).isEqualTo(7);
        // hashlib.sha256(labels + pixels) of the training files, computed in Python.
        assertThat(mnist.train().sha256())
                .isEqualTo("a454de301763d749ccfd1ebb5add77d549bcd2125320df72efaa88e014fca0f0");
    }

    @Test
    void mnistIsAPlugInFoundByName() {
        assertThat(DataModules.available()).containsKey("mnist");
        assertThatThrownBy(() -> DataModules.open("fashion", DataOptions.defaults()))
                .isInstanceOf(Mnist4jException.class)
                .hasMessageContaining("unknown data set 'fashion'")
                .hasMessageContaining("mnist");
    }

    @Test
    void aUsersFlatDirectoryOfRawFilesWinsAndNeedsNoChecksum() throws Exception {
        writeSmallSet(dir, false);
        DataModule m = DataModules.mnist(DataOptions.defaults().withDirectory(dir));
        assertThat(m.train().size()).isEqualTo(20);
        assertThat(m.test().size()).isEqualTo(5);
        assertThat(m.source()).isEqualTo(dir.toString());
    }

    @Test
    void torchvisionsLayoutWithGzipFilesIsFoundToo() throws Exception {
        Path raw = Files.createDirectories(dir.resolve("MNIST").resolve("raw"));
        writeSmallSet(raw, true);
        DataModule m = DataModules.mnist(DataOptions.defaults().withDirectory(dir));
        assertThat(m.train().size()).isEqualTo(20);
        assertThat(m.train().label(3)).isEqualTo(3);
    }

    @Test
    void aDirectoryWithoutTheFilesSaysWhereItLookedAndWhatToDo() throws Exception {
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.images(2, 28, 28));
        assertThatThrownBy(() -> DataModules.mnist(DataOptions.defaults().withDirectory(dir))
                        .prepare())
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("train-labels-idx1-ubyte")
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("enable download");
    }

    @Test
    void aBadFileInTheDirectoryIsNamed() throws Exception {
        writeSmallSet(dir, false);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(1, 2, 3, 4, 10));
        assertThatThrownBy(() -> DataModules.mnist(DataOptions.defaults().withDirectory(dir))
                        .prepare())
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("MNIST test")
                .hasMessageContaining("label 10 at index 4");
    }

    @Test
    void imagesMustBe28By28AndMatchTheLabelsInNumber() throws Exception {
        writeSmallSet(dir, false);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(5, 32, 32));
        assertThatThrownBy(() -> DataModules.mnist(DataOptions.defaults().withDirectory(dir))
                        .prepare())
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("MNIST test: images are 32×32, the MNIST CNN needs 28×28");
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(3, 28, 28));
        assertThatThrownBy(() -> DataModules.mnist(DataOptions.defaults().withDirectory(dir))
                        .prepare())
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("3 images but 5 labels");
    }

    static void writeSmallSet(Path where, boolean gzip) throws Exception {
        int[] train = new int[20];
        for (int i = 0; i < train.length; i++) {
            train[i] = i % 10;
        }
        write(where, "train-images-idx3-ubyte", IdxFiles.images(20, 28, 28), gzip);
        write(where, "train-labels-idx1-ubyte", IdxFiles.labels(train), gzip);
        write(where, "t10k-images-idx3-ubyte", IdxFiles.images(5, 28, 28), gzip);
        write(where, "t10k-labels-idx1-ubyte", IdxFiles.labels(1, 2, 3, 4, 5), gzip);
    }

    private static void write(Path where, String name, byte[] content, boolean gzip) throws Exception {
        if (gzip) {
            Files.write(where.resolve(name + ".gz"), IdxFiles.gzip(content));
        } else {
            Files.write(where.resolve(name), content);
        }
    }
}
