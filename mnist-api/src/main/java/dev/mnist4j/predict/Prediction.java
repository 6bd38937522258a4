package dev.mnist4j.predict;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A digit and the model's ten probabilities.
 *
 * @param digit         the most probable digit
 * @param probabilities softmax of the logits, index = digit (copied in and out)
 */
@API(status = STABLE)
public record Prediction(int digit, float[] probabilities) {

    public Prediction {
        if (digit < 0 || digit > 9 || probabilities.length != 10) {
            throw new IllegalArgumentException("a prediction is a digit 0–9 and ten probabilities");
        }
        probabilities = probabilities.clone();
    }

    /** Softmax of the logits, index = digit (a copy). */
    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** The probability of {@link #digit()}. */
    public float probability() {
        return probabilities[digit];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && digit == p.digit && Arrays.equals(probabilities, p.probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * digit + Arrays.hashCode(probabilities);
    }

    /** {@code 7 (99.12%)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d (%.2f%%)", digit, probability() * 100);
    }
}
