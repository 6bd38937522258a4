package dev.mnist4j.train;

import dev.mnist4j.Mnist4jException;

/** The loss became NaN or infinite: training cannot go on with these settings. */
public class TrainingDivergedException extends Mnist4jException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
