package dev.mnist4j.io;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Mnist4jException;
import org.apiguardian.api.API;

/** A model file that cannot be read or written; the message names the file and the problem. */
@API(status = STABLE)
public class ModelFileException extends Mnist4jException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
