package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.function.Consumer;
import org.apiguardian.api.API;

/** Hears about training as it goes; every method is called on the training thread. */
@API(status = STABLE)
public interface TrainingListener {
    default void onBatch(BatchProgress progress) {}

    default void onEpoch(EpochResult result) {}

    /** The run ends before its last epoch, as its {@link EarlyStopping} rule says; after that epoch's {@link #onEpoch}. */
    default void onEarlyStop(EarlyStopping.Stop stop) {}

    /** A listener that hears only of epochs: {@code TrainingListener.onEpoch(r -> ...)}. */
    static TrainingListener onEpoch(Consumer<EpochResult> action) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochResult result) {
                action.accept(result);
            }
        };
    }
}
