package dev.mnist4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch's .pth state_dicts, against files real PyTorch (1.13) wrote: see
 * scripts/make_pytorch_fixtures.py, which made the fixtures this test reads.
 */
class PthFilesTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/dev/mnist4j/io/pytorch/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private JsonNode expectations() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/dev/mnist4j/io/pytorch/mnist_model.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** The same file gives PyTorch's logits on every backend: integration-tests' CrossBackendTest. */
    @Test
    void readsAStateDictPyTorchSavedAsTheCnnsState() throws IOException {
        ModelFiles.SavedModel saved = ModelFiles.load(fixture("mnist_model.pth"));
        StateDict s = saved.state();
        assertThat(s.parameterCount()).isEqualTo(121_930);
        assertThat(new java.util.ArrayList<>(s.names()))
                .containsExactlyElementsOf(dev.mnist4j.model.MnistCnn.PARAMETERS.stream()
                        .map(dev.mnist4j.model.MnistCnn.Parameter::name)
                        .toList());
    }

    @Test
    void theTopFolderIsFoundFromTheFirstEntryNotAssumed() throws IOException {
        assertThat(topFolder(fixture("from_buffer.pth"))).isEqualTo("archive/");
        assertThat(topFolder(fixture("mnist_model.pth"))).isEqualTo("mnist_model/");
        assertThat(PthFiles.read(dir.resolve("from_buffer.pth")).tensors())
                .isEqualTo(PthFiles.read(dir.resolve("mnist_model.pth")).tensors());
    }

    @Test
    void storageOffsetsAndStridesAreHonoured() throws IOException {
        Map<String, Tensor> t = PthFiles.read(fixture("strided.pth")).tensors();
        JsonNode expected = expectations().get("strided");
        assertThat(t.get("t").shape()).containsExactly(6, 4);
        assertThat(t.get("t").data()).containsExactly(flatten(expected.get("t")));
        assertThat(t.get("s").shape()).containsExactly(3, 3);
        assertThat(t.get("s").data()).containsExactly(flatten(expected.get("s")));
    }

    @Test
    void aPickleThatWouldRunCodeIsRefusedNamingTheGlobal() throws IOException {
        Path evil = fixture("evil.pth");
        assertThatThrownBy(() -> ModelFiles.load(evil))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("evil.pth")
                .hasMessageContaining("refuses the pickle global")
                .hasMessageMatching("(?s).*'(posix|os)\\.system'.*");
    }

    @Test
    void legacyNonZipAndOtherDtypesAreClearErrors() throws IOException {
        Path legacy = fixture("legacy.pth");
        assertThatThrownBy(() -> ModelFiles.load(legacy)).hasMessageContaining("legacy (pre-1.6)");
        Path text = Files.writeString(dir.resolve("notes.pth"), "not a model");
        assertThatThrownBy(() -> ModelFiles.load(text)).hasMessageContaining("not a zip archive");
        Path dbl = fixture("double.pth");
        assertThatThrownBy(() -> ModelFiles.load(dbl))
                .hasMessageContaining("DoubleStorage")
                .hasMessageContaining("float32");
    }

    @Test
    void anArchiveWithoutAPickleOrWithTruncatedDataIsRefused() throws IOException {
        Path noPickle = dir.resolve("nopickle.pth");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(noPickle))) {
            zip.putNextEntry(new ZipEntry("x/version"));
            zip.write("3\n".getBytes());
            zip.closeEntry();
        }
        assertThatThrownBy(() -> ModelFiles.load(noPickle)).hasMessageContaining("has no x/data.pkl");
        byte[] good = Files.readAllBytes(fixture("mnist_model.pth"));
        Path cut = Files.write(dir.resolve("cut.pth"), Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> ModelFiles.load(cut))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("cut.pth");
    }

    @Test
    void whatWeWriteWeReadBackWithMetadataInTorchsLayout() throws IOException {
        StateDict s = PyTorchInit.initialState(5);
        Path file = dir.resolve("ours.pth");
        ModelFiles.save(file, s, Map.of(ModelFiles.EPOCHS, "2"));
        ModelFiles.SavedModel back = ModelFiles.load(file);
        assertThat(back.state()).isEqualTo(s);
        assertThat(back.metadata()).containsEntry(ModelFiles.EPOCHS, "2");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertThat(names).startsWith("ours/data.pkl", "ours/data/0").contains("ours/version", "ours/data/7");
            assertThat(zip.stream()).allMatch(e -> e.getMethod() == ZipEntry.STORED);
        }
    }

    private static String topFolder(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String first = zip.entries().nextElement().getName();
            return first.substring(0, first.indexOf('/') + 1);
        }
    }

    private static float[] flatten(JsonNode rows) {
        int r = rows.size();
        int c = rows.get(0).size();
        float[] out = new float[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i * c + j] = (float) rows.get(i).get(j).asDouble();
            }
        }
        return out;
    }
}
