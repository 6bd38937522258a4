package dev.mnist4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX files in and out. The files under {@code onnx/} were written by torch.onnx.export from the
 * model under {@code pytorch/} (scripts/make_onnx_fixtures.py); that they give PyTorch's logits on
 * every backend is checked in integration-tests.
 */
class OnnxFilesTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path f = dir.resolve(Path.of(name).getFileName());
        try (InputStream in = getClass().getResourceAsStream("/dev/mnist4j/io/" + name)) {
            Files.copy(in, f);
        }
        return f;
    }

    @Test
    void readsTheWeightsOfTorchOnnxExportsFlattenAndReshapeAlike() throws IOException {
        StateDict pytorch = ModelFiles.load(fixture("pytorch/mnist_model.pth")).state();
        assertThat(ModelFiles.load(fixture("onnx/mnist_model.onnx")).state()).isEqualTo(pytorch);
        assertThat(ModelFiles.load(fixture("onnx/reshape.onnx")).state()).isEqualTo(pytorch);
    }

    @Test
    void aGraphThatIsNotTheCnnIsRefusedNamingTheDifference() {
        assertThatThrownBy(() -> ModelFiles.load(fixture("onnx/sigmoid.onnx")))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("sigmoid.onnx")
                .hasMessageContaining("is Sigmoid, the MNIST CNN has Relu there");
    }

    @Test
    void whatItWritesItReadsBackWithMetadata() {
        StateDict state = PyTorchInit.initialState(5);
        Path f = dir.resolve("m.onnx");
        ModelFiles.save(f, state, Map.of(ModelFiles.NORMALIZATION, "(x/255-0.5)/0.5", "epochs", "3"));
        ModelFiles.SavedModel saved = ModelFiles.load(f);
        assertThat(saved.state()).isEqualTo(state);
        assertThat(saved.metadata())
                .containsEntry(ModelFiles.NORMALIZATION, "(x/255-0.5)/0.5")
                .containsEntry("epochs", "3")
                .containsEntry(ModelFiles.FORMAT, ModelFiles.FORMAT_VALUE);
    }

    @Test
    void malformedAndHostileBytesAreClearErrors() throws IOException {
        byte[] good = OnnxFiles.toBytes(PyTorchInit.initialState(1), Map.of());
        assertThatThrownBy(() -> OnnxFiles.parse("not protobuf at all, just text".getBytes(), "text.onnx"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("text.onnx");
        assertThatThrownBy(() -> OnnxFiles.parse(Arrays.copyOf(good, good.length / 2), "half.onnx"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("half.onnx");
        assertThatThrownBy(() -> OnnxFiles.parse(new byte[0], "empty.onnx"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("inputs that are not weights");
        Path big = dir.resolve("big.onnx");
        try (var ch = java.nio.channels.FileChannel.open(
                big, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.position(OnnxFiles.MAX_BYTES); // a sparse file: big, without writing it
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]));
        }
        assertThatThrownBy(() -> OnnxFiles.read(big))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("refusing to parse it");
    }
}
