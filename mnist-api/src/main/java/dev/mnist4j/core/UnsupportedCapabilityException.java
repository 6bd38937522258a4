package dev.mnist4j.core;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** A backend was asked for something it does not declare, e.g. training on an inference-only backend. */
@API(status = STABLE)
public class UnsupportedCapabilityException extends Mnist4jException {
    private final Capability capability;

    public UnsupportedCapabilityException(Capability capability, String message) {
        super(message);
        this.capability = capability;
    }

    /** The capability that was missing. */
    public Capability capability() {
        return capability;
    }
}
