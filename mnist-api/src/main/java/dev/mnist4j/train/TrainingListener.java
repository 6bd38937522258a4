package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.function.Consumer;
import org.apiguardian.api.API;

/** Hears about training as it goes; both methods are called on the training thread. */
@API(status = STABLE)
public interface TrainingListener {
    default void onBatch(BatchProgress progress) {}

    default void onEpoch(EpochResult result) {}

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
