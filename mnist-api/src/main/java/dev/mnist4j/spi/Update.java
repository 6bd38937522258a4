package dev.mnist4j.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mnist4j.train.OptimizerState;
import org.apiguardian.api.API;

/**
 * One optimizer update, as the arithmetic a backend applies to each parameter {@code p} with its
 * gradient {@code g}, following PyTorch's rules. The API works out every constant (step sizes, bias
 * corrections, whether a buffer starts now), so a backend only computes. The slots are named as in
 * PyTorch's optimizer state ({@link OptimizerState#MOMENTUM_BUFFER}, {@link OptimizerState#EXP_AVG},
 * {@link OptimizerState#EXP_AVG_SQ}).
 */
@API(status = EXPERIMENTAL)
public sealed interface Update {

    /** {@code p -= lr·g}. */
    record Sgd(float lr) implements Update {}

    /**
     * {@code b = first ? g : μ·b + g; p -= lr·b}, with {@code b} the slot {@code momentum_buffer}.
     *
     * @param first whether this is the buffer's first step (it then starts as {@code g})
     */
    record Momentum(float lr, float momentum, boolean first) implements Update {}

    /**
     * Adam with its bias corrections folded into two constants: {@code m = β1·m + (1−β1)·g; v =
     * β2·v + (1−β2)·g²; p -= stepSize · m / (√v / bias2Sqrt + ε)}, with {@code m} the slot
     * {@code exp_avg} and {@code v} the slot {@code exp_avg_sq}.
     *
     * @param stepSize  {@code lr / (1 − β1ᵗ)}
     * @param bias2Sqrt {@code √(1 − β2ᵗ)}
     */
    record Adam(float beta1, float beta2, float eps, float stepSize, float bias2Sqrt) implements Update {}

    /**
     * Weight decay, applied just before the step of the same optimizer update: {@code g += l2·p}
     * (PyTorch's {@code weight_decay} in SGD and Adam), then {@code p *= scale} (AdamW's decoupled
     * decay, {@code 1 − lr·weight_decay}). Uses no slot.
     */
    record WeightDecay(float l2, float scale) implements Update {}
}
