package dev.mnist4j.core;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What a backend can do. A backend declares its capabilities; asking one for something it does not
 * declare is an {@link UnsupportedCapabilityException} that names the capability.
 */
@API(status = STABLE)
public enum Capability {
    /** Computing logits and predictions for a given state. Every backend offers it. */
    INFERENCE,
    /** Training: gradients of the loss and PyTorch's optimizer updates. */
    TRAINING,
    /**
     * Training that is bit-for-bit repeatable: the same state, data, seed and thread count give the
     * same weights, so a resumed run ends with exactly the weights of an uninterrupted one.
     */
    DETERMINISTIC_TRAINING
}
