package dev.mnist4j.spi;

import dev.mnist4j.data.Batch;
import dev.mnist4j.train.OptimizerState;

/**
 * A backend's training step for one model and one optimizer: forward, softmax cross-entropy
 * averaged over the batch, backward, and the optimizer's update with PyTorch's rules. The epoch
 * loop around it (batches, metrics, listeners, evaluation) is shared, in
 * {@link dev.mnist4j.train.EpochTrainer}.
 */
public interface TrainingEngine extends AutoCloseable {

    /**
     * One optimizer step on the batch.
     *
     * @param logits receives the batch's {@code count × 10} logits from the forward pass (before
     *               the update), so the caller can count correct predictions
     * @return the batch's mean cross-entropy loss
     */
    float step(Batch batch, float[] logits);

    /** The optimizer's state now, with PyTorch's names (a copy). */
    OptimizerState optimizerState();

    /**
     * Continues from a saved optimizer state, which {@link OptimizerState#requireFor} has checked
     * against this engine's optimizer.
     */
    void restoreOptimizerState(OptimizerState state);

    @Override
    default void close() {
    }
}
