package dev.mnist4j.predict;

/**
 * A digit and the model's ten probabilities.
 *
 * @param digit         the most probable digit
 * @param probabilities softmax of the logits, index = digit
 */
public record Prediction(int digit, float[] probabilities) {
    public float probability() {
        return probabilities[digit];
    }

    @Override
    public String toString() {
        return String.format("%d (%.2f%%)", digit, probability() * 100);
    }
}
