package dev.mnist4j;

/**
 * The root of every exception mnist4j throws on purpose. Its message says what was wrong and what
 * to do about it, so callers (and the command line) can show it as one line.
 */
public class Mnist4jException extends RuntimeException {
    public Mnist4jException(String message) {
        super(message);
    }

    public Mnist4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
