package dev.mnist4j.data;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Mnist4jException;
import org.apiguardian.api.API;

/** A data file that cannot be used: its message names the file and what is wrong with it. */
@API(status = STABLE)
public class InvalidDataException extends Mnist4jException {
    public InvalidDataException(String message) {
        super(message);
    }

    public InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
