package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * A figure measured after each epoch that early stopping and best-model checkpointing can watch,
 * named as Lightning logs them. There is no test metric on purpose: model selection never looks at
 * the test split.
 */
@API(status = STABLE)
public enum Metric {
    VAL_ACCURACY("val_accuracy", true),
    VAL_LOSS("val_loss", false),
    TRAIN_ACCURACY("train_accuracy", true),
    TRAIN_LOSS("train_loss", false);

    private final String label;
    private final boolean higherIsBetter;

    Metric(String label, boolean higherIsBetter) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }

    /** Whether larger values are better (Lightning's {@code mode="max"}). */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Whether it needs a validation split. */
    public boolean needsValidation() {
        return this == VAL_ACCURACY || this == VAL_LOSS;
    }

    /** Its value in an epoch's result (accuracy as a fraction), or NaN when the epoch did not measure it. */
    public double of(EpochResult r) {
        return switch (this) {
            case VAL_ACCURACY ->
                r.validation() == null ? Double.NaN : r.validation().accuracy();
            case VAL_LOSS ->
                r.validation() == null ? Double.NaN : r.validation().meanLoss();
            case TRAIN_ACCURACY -> r.accuracy();
            case TRAIN_LOSS -> r.loss();
        };
    }

    /** Reads {@code val_accuracy}, {@code val_loss}, {@code train_accuracy} or {@code train_loss}. */
    public static Metric parse(String text) {
        for (Metric m : values()) {
            if (m.label.equals(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + text + "': use one of "
                + Arrays.stream(values()).map(Metric::toString).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
