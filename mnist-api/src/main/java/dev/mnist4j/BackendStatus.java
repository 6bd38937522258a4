package dev.mnist4j;

import dev.mnist4j.spi.BackendProvider;
import java.util.List;

/**
 * What discovery found for one backend: usable, present but unavailable (with the reason), or
 * broken (its provider could not even be created; {@code provider} is then {@code null}).
 */
public record BackendStatus(String name, int priority, boolean available, String reason,
                            List<Device> devices, BackendProvider provider) {

    public BackendStatus {
        devices = List.copyOf(devices);
    }

    @Override
    public String toString() {
        return available ? name + " (devices: " + devices + ")" : name + " (unavailable: " + reason + ")";
    }
}
