package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * When to end a run before its last epoch, as Lightning's {@code EarlyStopping}: after {@code
 * patience} epochs in a row without an improvement of more than {@code minDelta} in the monitored
 * metric, or at once when it reaches {@code stoppingThreshold}. Checked after each epoch.
 *
 * @param monitor           the metric watched
 * @param patience          epochs without improvement tolerated (Lightning's default: 3)
 * @param minDelta          the smallest change that counts as an improvement (≥ 0)
 * @param higherIsBetter    Lightning's {@code mode}: {@code true} for "max", {@code false} for "min"
 * @param stoppingThreshold stop as soon as the metric is at least as good as this; NaN for none
 */
@API(status = STABLE)
public record EarlyStopping(
        Metric monitor, int patience, double minDelta, boolean higherIsBetter, double stoppingThreshold) {

    public EarlyStopping {
        if (monitor == null) {
            throw new IllegalArgumentException("early stopping needs a metric to monitor");
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1 epoch, was " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("min_delta must be >= 0, was " + minDelta);
        }
        if ((monitor == Metric.VAL_ACCURACY || monitor == Metric.TRAIN_ACCURACY)
                && !Double.isNaN(stoppingThreshold)
                && !(stoppingThreshold >= 0 && stoppingThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "an accuracy to stop at must be between 0 and 1 (0% and 100%), was " + stoppingThreshold);
        }
    }

    /** Lightning's defaults for {@code monitor}: patience 3, min_delta 0, its natural mode, no threshold. */
    public static EarlyStopping on(Metric monitor) {
        return new EarlyStopping(monitor, 3, 0, monitor.higherIsBetter(), Double.NaN);
    }

    /** Stops only once validation accuracy reaches {@code accuracy} (a fraction, 0.99 for 99%). */
    public static EarlyStopping atAccuracy(double accuracy) {
        return new EarlyStopping(Metric.VAL_ACCURACY, Integer.MAX_VALUE, 0, true, accuracy);
    }

    public EarlyStopping withPatience(int epochs) {
        return new EarlyStopping(monitor, epochs, minDelta, higherIsBetter, stoppingThreshold);
    }

    public EarlyStopping withMinDelta(double delta) {
        return new EarlyStopping(monitor, patience, delta, higherIsBetter, stoppingThreshold);
    }

    public EarlyStopping withStoppingThreshold(double threshold) {
        return new EarlyStopping(monitor, patience, minDelta, higherIsBetter, threshold);
    }

    /** Whether {@code value} has reached the stopping threshold. */
    public boolean reachesThreshold(double value) {
        return !Double.isNaN(stoppingThreshold)
                && (higherIsBetter ? value >= stoppingThreshold : value <= stoppingThreshold);
    }

    /**
     * Why and where a run ended early.
     *
     * @param epoch        the last epoch trained
     * @param value        the monitored metric after it
     * @param reason       in words, e.g. {@code val_accuracy 0.9912 reached 0.99}
     * @param trainingTime the time spent training (not evaluating) up to the end of that epoch
     */
    @API(status = STABLE)
    public record Stop(int epoch, Metric monitor, double value, String reason, Duration trainingTime) {}

    @Override
    public String toString() {
        String s = String.format(
                Locale.ROOT, "EarlyStopping(monitor=%s, mode=%s", monitor, higherIsBetter ? "max" : "min");
        if (patience != Integer.MAX_VALUE) {
            s += String.format(Locale.ROOT, ", patience=%d, min_delta=%s", patience, minDelta);
        }
        return s + (Double.isNaN(stoppingThreshold) ? "" : ", stopping_threshold=" + stoppingThreshold) + ")";
    }
}
