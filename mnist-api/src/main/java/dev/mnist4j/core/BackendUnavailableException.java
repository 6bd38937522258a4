package dev.mnist4j.core;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** A backend was asked for that is not on the classpath, or is there but cannot run. */
@API(status = STABLE)
public class BackendUnavailableException extends Mnist4jException {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
