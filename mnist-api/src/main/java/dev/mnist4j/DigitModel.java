package dev.mnist4j;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Device;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.data.Normalization;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.predict.Predictor;
import dev.mnist4j.train.Evaluation;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.Trainer;
import java.nio.file.Path;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The tutorial's CNN ({@link dev.mnist4j.model.MnistCnn}) on one backend and device: the hub. It
 * makes its {@link Trainer} and {@link Predictor}, evaluates itself, and saves itself. It carries
 * its normalisation (from its training data, or its file's metadata) so a predictor cannot disagree
 * with training, and its provenance as metadata.
 *
 * <p>Thread safety: {@link #logits}, predictors and {@link #evaluate} may run on many threads at
 * once; replacing the state ({@link #loadStateDict}, a training step) waits for running calls and
 * holds new ones back, so every call sees the old weights or the new ones, never a mix. After
 * {@link #close()}, every call is an error.
 */
@API(status = STABLE)
public interface DigitModel extends AutoCloseable {

    /** The name of the backend that computes this model, e.g. {@code cpu-ref}. */
    String backend();

    /** The concrete device it runs on ({@code cpu} or {@code cuda:N}, never {@code auto}). */
    Device device();

    /** Its compute threads. */
    int threads();

    /** How pixels become its inputs: from its training data, else its file, else the tutorial's. */
    Normalization normalization();

    /**
     * Its provenance: what its file said, or what training recorded (backend, epochs, test accuracy,
     * data set and its SHA-256, optimizer, batch size, seed), keyed as in {@link dev.mnist4j.io.ModelFiles}.
     * An unmodifiable copy.
     */
    Map<String, String> metadata();

    /** A copy of the current parameters, with PyTorch's names and layouts. */
    StateDict stateDict();

    /**
     * Replaces all parameters. The state is checked first (names, shapes, finite values); on any
     * problem nothing is changed and a {@link dev.mnist4j.core.Mnist4jException} names each.
     */
    void loadStateDict(StateDict state);

    /**
     * Runs the network forward.
     *
     * @param images {@code count × 784} normalised pixels, image after image, row by row
     * @param count  how many images
     * @return {@code count × 10} raw scores (logits), image after image
     */
    float[] logits(float[] images, int count);

    /**
     * A trainer for this model.
     *
     * @throws dev.mnist4j.core.UnsupportedCapabilityException if the backend does not train
     */
    Trainer newTrainer(TrainConfig config);

    /** A thread-safe predictor that applies this model's normalisation. */
    Predictor newPredictor();

    /** Accuracy, mean loss and confusion matrix on a labelled split. */
    Evaluation evaluate(DataSet data);

    /**
     * Saves the state and metadata (with the normalisation) atomically; the extension chooses the
     * format: {@code .safetensors}, {@code .pth}, or {@code .onnx} (the whole network, for ONNX
     * runtimes anywhere).
     */
    void save(Path file);

    /** The layer table, like {@code torchinfo.summary}. */
    String summary();

    /** Frees native memory or threads the model holds. */
    @Override
    void close();
}
