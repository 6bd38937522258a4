package dev.mnist4j.predict;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Mnist4jException;
import org.apiguardian.api.API;

/** An image that cannot be used for prediction; the message names the file and why. */
@API(status = STABLE)
public class ImageFileException extends Mnist4jException {
    public ImageFileException(String message) {
        super(message);
    }

    public ImageFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
