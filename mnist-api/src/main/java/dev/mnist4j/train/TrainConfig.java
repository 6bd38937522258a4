package dev.mnist4j.train;

import dev.mnist4j.Device;

/**
 * How to train: the tutorial's recipe by default (5 epochs, batch 64, SGD lr 0.01, shuffled).
 *
 * @param epochs            passes over the training split
 * @param batchSize         images per optimizer step
 * @param seed              seeds the initial weights and each epoch's shuffle
 * @param optimizer         the optimizer and its settings
 * @param threads           compute threads
 * @param device            where to compute
 * @param dropLast          whether to skip a last, smaller batch
 * @param evaluateEachEpoch whether to measure test accuracy after each epoch, as the tutorial does
 */
public record TrainConfig(int epochs, int batchSize, long seed, OptimizerConfig optimizer, int threads,
                          Device device, boolean dropLast, boolean evaluateEachEpoch) {

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
    }

    public static TrainConfig defaults() {
        return new TrainConfig(5, 64, 42, OptimizerConfig.sgd(0.01),
                Runtime.getRuntime().availableProcessors(), Device.AUTO, false, true);
    }

    public TrainConfig withEpochs(int n) {
        return new TrainConfig(n, batchSize, seed, optimizer, threads, device, dropLast, evaluateEachEpoch);
    }

    public TrainConfig withBatchSize(int n) {
        return new TrainConfig(epochs, n, seed, optimizer, threads, device, dropLast, evaluateEachEpoch);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batchSize, s, optimizer, threads, device, dropLast, evaluateEachEpoch);
    }

    public TrainConfig withOptimizer(OptimizerConfig o) {
        return new TrainConfig(epochs, batchSize, seed, o, threads, device, dropLast, evaluateEachEpoch);
    }

    public TrainConfig withThreads(int n) {
        return new TrainConfig(epochs, batchSize, seed, optimizer, n, device, dropLast, evaluateEachEpoch);
    }

    public TrainConfig withDevice(Device d) {
        return new TrainConfig(epochs, batchSize, seed, optimizer, threads, d, dropLast, evaluateEachEpoch);
    }

    public TrainConfig withDropLast(boolean b) {
        return new TrainConfig(epochs, batchSize, seed, optimizer, threads, device, b, evaluateEachEpoch);
    }

    public TrainConfig withEvaluateEachEpoch(boolean b) {
        return new TrainConfig(epochs, batchSize, seed, optimizer, threads, device, dropLast, b);
    }

    /** The shuffle seed of epoch {@code epoch} (from 1): distinct per epoch, fixed by {@link #seed}. */
    public long shuffleSeed(int epoch) {
        return seed * 0x9E3779B97F4A7C15L + epoch;
    }
}
