package dev.mnist4j.model;

import dev.mnist4j.Device;

/**
 * The tutorial's CNN ({@link MnistCnn}) on one backend and device. Its state is a {@link StateDict}
 * with PyTorch's names and layouts, so a state taken from one backend loads into any other.
 *
 * <p>{@link #logits} may be called from several threads at once; training and
 * {@link #loadStateDict} must not overlap with anything else on the same model.
 */
public interface DigitModel extends AutoCloseable {

    /** The name of the backend that computes this model, e.g. {@code cpu-ref}. */
    String backend();

    /** The concrete device it runs on ({@code cpu} or {@code cuda:N}, never {@code auto}). */
    Device device();

    /** A copy of the current parameters. */
    StateDict stateDict();

    /**
     * Replaces all parameters. The state is checked first (names, shapes, finite values); on any
     * problem nothing is changed and a {@link dev.mnist4j.Mnist4jException} says what was wrong.
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

    /** The layer table, like {@code torchinfo.summary}. */
    default String summary() {
        return ModelSummary.render(backend(), device().toString());
    }

    /** Frees native memory or threads the model holds; the default holds none. */
    @Override
    default void close() {
    }
}
