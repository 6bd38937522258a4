package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.model.StateDict;
import org.apiguardian.api.API;

/**
 * Where a training run stands after an epoch: enough to continue it and end where an uninterrupted
 * run ends (the same weights, optimizer state, and data order).
 *
 * @param epochsDone epochs completed
 * @param seed       the run's seed (fixes each epoch's shuffle)
 * @param batchSize  the run's batch size
 */
@API(status = STABLE)
public record Checkpoint(StateDict model, OptimizerState optimizer, int epochsDone, long seed, int batchSize) {}
