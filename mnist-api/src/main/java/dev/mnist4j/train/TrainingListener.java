package dev.mnist4j.train;

/** Hears about training as it goes; both methods are called on the training thread. */
public interface TrainingListener {
    default void onBatch(BatchProgress progress) {
    }

    default void onEpoch(EpochResult result) {
    }
}
