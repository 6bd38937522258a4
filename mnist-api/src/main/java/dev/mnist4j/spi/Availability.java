package dev.mnist4j.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Whether a backend can run here and, if not, why (e.g. its native library did not load).
 *
 * @param reason why it is unavailable, with what to do; empty when available
 */
@API(status = EXPERIMENTAL)
public record Availability(boolean available, String reason) {
    public static final Availability AVAILABLE = new Availability(true, "");

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
