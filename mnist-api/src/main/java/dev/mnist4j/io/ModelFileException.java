package dev.mnist4j.io;

import dev.mnist4j.Mnist4jException;

/** A model file that cannot be read or written; the message names the file and the problem. */
public class ModelFileException extends Mnist4jException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
