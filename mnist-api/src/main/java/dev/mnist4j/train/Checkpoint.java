package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.model.StateDict;
import org.apiguardian.api.API;

/**
 * Where a training run stands: enough to continue it and end where an uninterrupted run ends (the
 * same weights, optimizer state, and data order). Written after each epoch, and where a run was
 * stopped within one ({@link Trainer#requestStop()}).
 *
 * @param epochsDone epochs completed
 * @param seed       the run's seed (fixes each epoch's shuffle)
 * @param batchSize  the run's batch size
 * @param inEpoch    how far into the next epoch the run got; {@link InEpoch#NONE} at an epoch's end
 */
@API(status = STABLE)
public record Checkpoint(
        StateDict model, OptimizerState optimizer, int epochsDone, long seed, int batchSize, InEpoch inEpoch) {

    /**
     * Batches done within an unfinished epoch, with that epoch's sums so far, so that the resumed
     * epoch reports what an uninterrupted one would.
     *
     * @param batches batches done in the epoch
     * @param lossSum the sum of their mean losses
     * @param correct training images predicted right in them
     * @param seen    training images in them
     */
    @API(status = STABLE)
    public record InEpoch(int batches, double lossSum, long correct, long seen) {
        public static final InEpoch NONE = new InEpoch(0, 0, 0, 0);

        public InEpoch {
            if (batches < 0 || correct < 0 || seen < correct) {
                throw new IllegalArgumentException(
                        "inconsistent partial epoch: " + batches + " batches, " + correct + " of " + seen + " right");
            }
        }
    }

    public Checkpoint {
        if (epochsDone < 0 || batchSize < 1) {
            throw new IllegalArgumentException("epochsDone must be >= 0 and batchSize >= 1");
        }
        inEpoch = inEpoch == null ? InEpoch.NONE : inEpoch;
    }

    /** A checkpoint at the end of epoch {@code epochsDone}. */
    public Checkpoint(StateDict model, OptimizerState optimizer, int epochsDone, long seed, int batchSize) {
        this(model, optimizer, epochsDone, seed, batchSize, InEpoch.NONE);
    }

    /** Where it stands, as people say it: {@code after epoch 2} or {@code epoch 3, after batch 345}. */
    public String position() {
        return inEpoch.batches() == 0
                ? "after epoch " + epochsDone
                : "epoch " + (epochsDone + 1) + ", after batch " + inEpoch.batches();
    }
}
