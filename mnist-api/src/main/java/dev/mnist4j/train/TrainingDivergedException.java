package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Mnist4jException;
import org.apiguardian.api.API;

/** The loss became NaN or infinite: training cannot go on with these settings. */
@API(status = STABLE)
public class TrainingDivergedException extends Mnist4jException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
