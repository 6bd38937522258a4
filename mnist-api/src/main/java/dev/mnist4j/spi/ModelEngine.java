package dev.mnist4j.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mnist4j.model.StateDict;
import org.apiguardian.api.API;

/**
 * A backend's model: the CNN's parameters on one device, and its forward pass. The API wraps it in
 * a {@code DigitModel}, which checks every argument first and keeps calls from overlapping where
 * they must not: {@link #logits} may run on several threads at once, while {@link #load} and
 * training steps run alone.
 */
@API(status = EXPERIMENTAL)
public interface ModelEngine extends AutoCloseable {

    /**
     * Runs the network forward.
     *
     * @param images {@code count × 784} normalised pixels (the API has checked the length)
     * @param count  how many images, at least 1
     * @return {@code count × 10} logits, image after image
     */
    float[] logits(float[] images, int count);

    /** A copy of the parameters, with PyTorch's names and layouts. */
    StateDict state();

    /** Replaces every parameter with {@code state}, already checked against the MNIST CNN. */
    void load(StateDict state);

    /**
     * A new training engine on this model. Called only when the provider declares {@link
     * dev.mnist4j.core.Capability#TRAINING}; the default says it does not train.
     */
    default TrainingEngine newTrainingEngine() {
        throw new UnsupportedOperationException(getClass().getName() + " does not train");
    }

    /** Frees native memory or threads; the default holds none. */
    @Override
    default void close() {}
}
