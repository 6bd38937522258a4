package dev.mnist4j.core;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The root of every exception mnist4j throws on purpose. Its message says what was wrong and what
 * to do about it, in the library's terms, so callers can show it as one line. Where the remedy is a
 * setting, {@link #remedies()} names it, so a front end can add its own spelling of it (the command
 * line adds its flags).
 */
@API(status = STABLE)
public class Mnist4jException extends RuntimeException {
    private final Map<Setting, String> remedies = new LinkedHashMap<>();

    public Mnist4jException(String message) {
        super(message);
    }

    public Mnist4jException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Names a setting, and the value to give it, that would avoid this error. */
    public Mnist4jException remedy(Setting setting, String value) {
        remedies.put(setting, value);
        return this;
    }

    /** The settings that would avoid this error, with the value to give each, in the order named. */
    public Map<Setting, String> remedies() {
        return Collections.unmodifiableMap(remedies);
    }
}
