package dev.mnist4j;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What discovery found for one backend: usable, present but unavailable (with the reason), or
 * broken (its provider could not even be created). Get a usable one with {@link Backends#get}.
 *
 * @param name         the backend's name (for a broken provider, its class or "(unloadable provider)")
 * @param priority     higher wins when no backend is named; {@link Integer#MIN_VALUE} when broken
 * @param available    whether it can run here
 * @param reason       why it is unavailable, with what to do; empty when available
 * @param devices      the devices it offers here; empty when unavailable
 * @param capabilities what it can do; empty when broken
 * @param version      what computes, with versions; empty when unavailable
 */
@API(status = STABLE)
public record BackendStatus(
        String name,
        int priority,
        boolean available,
        String reason,
        List<Device> devices,
        Set<Capability> capabilities,
        String version) {

    public BackendStatus {
        devices = List.copyOf(devices);
        capabilities = capabilities.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(capabilities)); // kept in the enum's order
    }

    @Override
    public String toString() {
        return available ? name + " (devices: " + devices + ")" : name + " (unavailable: " + reason + ")";
    }
}
