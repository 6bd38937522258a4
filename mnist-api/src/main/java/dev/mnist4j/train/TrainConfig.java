package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * How to train: the tutorial's recipe by default (5 epochs, batch 64, SGD lr 0.01, shuffled, test
 * accuracy after each epoch). Where the model computes (device, threads) belongs to the model, not
 * to this.
 *
 * @param epochs            passes over the training split (in all, when resuming)
 * @param batchSize         images per optimizer step
 * @param seed              seeds each epoch's shuffle
 * @param optimizer         the optimizer and its settings
 * @param dropLast          whether to skip a last, smaller batch
 * @param evaluateEachEpoch whether to measure test accuracy after each epoch, as the tutorial does
 */
@API(status = STABLE)
public record TrainConfig(
        int epochs, int batchSize, long seed, OptimizerConfig optimizer, boolean dropLast, boolean evaluateEachEpoch) {

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("an optimizer is required");
        }
    }

    /** The tutorial's recipe: 5 epochs, batch 64, seed 42, SGD lr 0.01, test accuracy after each epoch. */
    public static TrainConfig defaults() {
        return new TrainConfig(5, 64, 42, OptimizerConfig.sgd(0.01), false, true);
    }

    public TrainConfig withEpochs(int n) {
        return new TrainConfig(n, batchSize, seed, optimizer, dropLast, evaluateEachEpoch);
    }

    public TrainConfig withBatchSize(int n) {
        return new TrainConfig(epochs, n, seed, optimizer, dropLast, evaluateEachEpoch);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batchSize, s, optimizer, dropLast, evaluateEachEpoch);
    }

    public TrainConfig withOptimizer(OptimizerConfig o) {
        return new TrainConfig(epochs, batchSize, seed, o, dropLast, evaluateEachEpoch);
    }

    public TrainConfig withDropLast(boolean b) {
        return new TrainConfig(epochs, batchSize, seed, optimizer, b, evaluateEachEpoch);
    }

    public TrainConfig withEvaluateEachEpoch(boolean b) {
        return new TrainConfig(epochs, batchSize, seed, optimizer, dropLast, b);
    }

    /** The shuffle seed of epoch {@code epoch} (from 1): distinct per epoch, fixed by {@link #seed}. */
    public long shuffleSeed(int epoch) {
        return seed * 0x9E3779B97F4A7C15L + epoch;
    }
}
