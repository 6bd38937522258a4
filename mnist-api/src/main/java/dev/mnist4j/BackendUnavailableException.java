package dev.mnist4j;

/** A backend was asked for that is not on the classpath, or is there but cannot run. */
public class BackendUnavailableException extends Mnist4jException {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
