package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * One epoch of training, as the tutorial prints it.
 *
 * @param loss     mean of the batches' mean losses
 * @param accuracy fraction of training images predicted right during the epoch
 * @param duration   time spent training in the epoch (evaluations not included)
 * @param test       the test split's evaluation after the epoch, or {@code null} if not measured
 * @param validation the validation split's evaluation after the epoch, or {@code null} without one
 */
@API(status = STABLE)
public record EpochResult(
        int epoch,
        int epochs,
        double loss,
        double accuracy,
        Duration duration,
        Evaluation test,
        Evaluation validation) {

    /** {@code Epoch 1/5, Loss: 0.8291, Accuracy: 78.287% UseTime: 0:00:17.95}. */
    public String tutorialLine() {
        long ms = duration.toMillis();
        return String.format(
                java.util.Locale.ROOT,
                "Epoch %d/%d, Loss: %.4f, Accuracy: %.3f%% UseTime: %d:%02d:%02d.%02d",
                epoch,
                epochs,
                loss,
                accuracy * 100,
                ms / 3_600_000,
                ms / 60_000 % 60,
                ms / 1000 % 60,
                ms % 1000 / 10);
    }
}
