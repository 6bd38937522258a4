package dev.mnist4j.io;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.model.StateDict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Saves and loads a model's state with its metadata. The file name's extension chooses the
 * format: {@code .safetensors} (portable, no code on load), {@code .pth}/{@code .pt}, PyTorch's own
 * {@code torch.save(model.state_dict())} format, read with a restricted unpickler, or {@code .onnx},
 * the whole network for ONNX runtimes ({@link OnnxFiles}). Most code
 * calls {@code DigitModel.save} and {@code Backend.loadModel}, which use this.
 */
@API(status = STABLE)
public final class ModelFiles {
    /** Metadata keys mnist4j writes. */
    public static final String BACKEND = "backend";

    public static final String BACKEND_VERSION = "backend_version";
    public static final String EPOCHS = "epochs";
    public static final String ACCURACY = "test_accuracy";
    public static final String NORMALIZATION = "normalization";
    public static final String DATASET = "dataset";
    public static final String DATA_SHA256 = "train_data_sha256";
    public static final String OPTIMIZER = "optimizer";
    /** The learning-rate schedule, where it is not constant ({@code OneCycleLR(max_lr=0.01, …)}). */
    public static final String LR_SCHEDULE = "lr_schedule";

    public static final String BATCH_SIZE = "batch_size";
    /** The augmentation training used, when it used one. */
    public static final String AUGMENTATION = "augmentation";
    /** How many training images were held out to validate on, when some were. */
    public static final String VALIDATION = "validation";
    /** Accuracy on the validation split after the last epoch, as a fraction. */
    public static final String VAL_ACCURACY = "val_accuracy";

    public static final String SEED = "seed";
    /** When training ended, as an ISO-8601 instant in UTC ({@code 2026-11-28T06:40:00Z}). */
    public static final String TRAINED_AT = "trained_at";

    public static final String FORMAT = "format";
    public static final String FORMAT_VALUE = "mnist4j/1 (PyTorch state_dict names and layouts)";

    /**
     * A state and what the file says about it.
     *
     * @param metadata an unmodifiable copy
     */
    public record SavedModel(StateDict state, Map<String, String> metadata) {
        public SavedModel {
            metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    private ModelFiles() {}

    /** Writes the state and metadata (plus {@value #FORMAT}) atomically, in the format the extension names. */
    public static void save(Path file, StateDict state, Map<String, String> metadata) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT, FORMAT_VALUE);
        meta.putAll(metadata);
        TensorFile.write(file, state.tensors(), meta);
    }

    /**
     * Loads and checks a state: it must be exactly the MNIST CNN's tensors, with finite values.
     *
     * @throws ModelFileException naming the file and every problem
     */
    public static SavedModel load(Path file) {
        TensorFile content = TensorFile.read(file);
        StateDict state = StateDict.of(content.tensors());
        try {
            state.requireMnistCnn();
        } catch (Mnist4jException e) {
            throw new ModelFileException(file + ": " + e.getMessage(), e);
        }
        return new SavedModel(state, content.metadata());
    }
}
