package dev.mnist4j.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mnist4j.data.Batch;
import dev.mnist4j.model.StateDict;
import org.apiguardian.api.API;

/**
 * What a backend computes for training: the loss and its gradients, and the arithmetic of an
 * optimizer's update. Everything else — the epoch loop, the optimizer's kind, step count, state
 * names, checks and restore — lives once, in the API.
 *
 * <p>An engine keeps the gradients of its last {@link #forwardBackward} until {@link #update}
 * consumes them, and the optimizer's per-parameter tensors (its slots) between updates. A slot that
 * was never written, or was {@linkplain #setSlot cleared}, holds zeros.
 */
@API(status = EXPERIMENTAL)
public interface TrainingEngine extends AutoCloseable {

    /**
     * Forward and backward over a batch: the gradients of the batch's mean softmax cross-entropy,
     * kept for {@link #update}.
     *
     * @param logits receives the batch's {@code count × 10} logits from the forward pass
     * @return the batch's mean cross-entropy loss
     */
    float forwardBackward(Batch batch, float[] logits);

    /** The gradients of the last {@link #forwardBackward}, with PyTorch's names and layouts (a copy). */
    StateDict gradients();

    /**
     * Applies one optimizer update to every parameter from the kept gradients, with the rule and
     * constants {@code update} gives, then discards the gradients.
     */
    void update(Update update);

    /** The optimizer slot called {@code name} (see {@link Update}), with PyTorch's names and layouts (a copy). */
    StateDict slot(String name);

    /** Sets the slot called {@code name} to {@code value}, or clears it to zeros when {@code value} is {@code null}. */
    void setSlot(String name, StateDict value);

    @Override
    default void close() {}
}
