package dev.mnist4j.core;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** A device was asked for that the chosen backend cannot use here. */
@API(status = STABLE)
public class DeviceUnavailableException extends Mnist4jException {
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
