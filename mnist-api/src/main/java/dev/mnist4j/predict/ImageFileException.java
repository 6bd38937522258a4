package dev.mnist4j.predict;

import dev.mnist4j.Mnist4jException;

/** An image that cannot be used for prediction; the message names the file and why. */
public class ImageFileException extends Mnist4jException {
    public ImageFileException(String message) {
        super(message);
    }

    public ImageFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
