package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Where an epoch is, after one batch.
 *
 * @param batch           the batch just done, from 1
 * @param loss            that batch's mean loss
 * @param runningLoss     mean loss over the epoch's batches so far
 * @param runningAccuracy fraction correct over the epoch's images so far
 * @param imagesPerSecond training speed over the epoch so far
 */
@API(status = STABLE)
public record BatchProgress(
        int epoch,
        int epochs,
        int batch,
        int batches,
        double loss,
        double runningLoss,
        double runningAccuracy,
        double imagesPerSecond) {}
