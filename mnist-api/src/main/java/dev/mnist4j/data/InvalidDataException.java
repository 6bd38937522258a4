package dev.mnist4j.data;

import dev.mnist4j.Mnist4jException;

/** A data file that cannot be used: its message names the file and what is wrong with it. */
public class InvalidDataException extends Mnist4jException {
    public InvalidDataException(String message) {
        super(message);
    }

    public InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
