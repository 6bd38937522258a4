package dev.mnist4j.io;

import dev.mnist4j.model.StateDict;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves and loads a model's state with its metadata. The file name's extension chooses the
 * format: {@code .safetensors} (portable, no code on load), or {@code .pth}/{@code .pt}, PyTorch's
 * own {@code torch.save(model.state_dict())} format, read with a restricted unpickler.
 */
public final class ModelFiles {
    /** Metadata keys mnist4j writes. */
    public static final String BACKEND = "backend";
    public static final String EPOCHS = "epochs";
    public static final String ACCURACY = "test_accuracy";
    public static final String NORMALIZATION = "normalization";
    public static final String DATASET = "dataset";
    public static final String DATA_SHA256 = "train_data_sha256";
    public static final String BACKEND_VERSION = "backend_version";
    public static final String FORMAT = "format";
    public static final String FORMAT_VALUE = "mnist4j/1 (PyTorch state_dict names and layouts)";

    /** A state and what the file says about it. */
    public record SavedModel(StateDict state, Map<String, String> metadata) {
    }

    private ModelFiles() {
    }

    public static void save(Path file, StateDict state, Map<String, String> metadata) {
        Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put(FORMAT, FORMAT_VALUE);
        meta.putAll(metadata);
        if (isPth(file)) {
            PthFiles.write(file, state.tensors(), meta);
        } else {
            requireSafetensors(file);
            SafeTensors.write(file, state.tensors(), meta);
        }
    }

    /**
     * Loads and checks a state: it must be exactly the MNIST CNN's tensors, with finite values.
     *
     * @throws ModelFileException naming the file and every problem
     */
    public static SavedModel load(Path file) {
        SafeTensors.Content content;
        if (isPth(file)) {
            content = PthFiles.read(file);
        } else {
            requireSafetensors(file);
            content = SafeTensors.read(file);
        }
        StateDict state = StateDict.of(content.tensors());
        try {
            state.requireMnistCnn();
        } catch (dev.mnist4j.Mnist4jException e) {
            throw new ModelFileException(file + ": " + e.getMessage(), e);
        }
        return new SavedModel(state, content.metadata());
    }

    private static boolean isPth(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".pth") || name.endsWith(".pt");
    }

    private static void requireSafetensors(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".safetensors")) {
            throw new ModelFileException(file + ": unsupported model file type; use a name ending in .safetensors"
                    + " or .pth");
        }
    }
}
