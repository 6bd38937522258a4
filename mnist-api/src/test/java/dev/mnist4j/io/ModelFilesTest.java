package dev.mnist4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void savesAndLoadsAStateWithItsMetadata() {
        StateDict s = PyTorchInit.initialState(1);
        Path f = dir.resolve("sub/dir/model.safetensors");
        ModelFiles.save(f, s, Map.of(ModelFiles.EPOCHS, "3"));
        ModelFiles.SavedModel m = ModelFiles.load(f);
        assertThat(m.state()).isEqualTo(s);
        assertThat(m.metadata()).containsEntry(ModelFiles.EPOCHS, "3").containsKey(ModelFiles.FORMAT);
    }

    @Test
    void aFileThatIsNotTheMnistCnnIsRefusedNamingTheProblem() {
        Map<String, Tensor> t = new LinkedHashMap<>(PyTorchInit.initialState(1).tensors());
        t.remove("fc2.bias");
        Path f = dir.resolve("partial.safetensors");
        SafeTensors.write(f, t, Map.of());
        assertThatThrownBy(() -> ModelFiles.load(f))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("partial.safetensors")
                .hasMessageContaining("missing tensor 'fc2.bias'");
    }

    @Test
    void anUnsupportedExtensionIsRefused() {
        assertThatThrownBy(() -> ModelFiles.save(dir.resolve("m.bin"), PyTorchInit.initialState(1), Map.of()))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining(".safetensors");
    }
}
