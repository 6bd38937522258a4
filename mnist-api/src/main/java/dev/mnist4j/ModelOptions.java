package dev.mnist4j;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Device;
import org.apiguardian.api.API;

/**
 * Where and how a model computes, and the seed of a fresh model's weights.
 *
 * @param seed    seeds a fresh model's initial weights (ignored when a state is given)
 * @param device  {@code cpu}, {@code cuda:N} or {@code auto} (the backend's GPU if it has one)
 * @param threads compute threads, at least 1
 */
@API(status = STABLE)
public record ModelOptions(long seed, Device device, int threads) {

    public ModelOptions {
        if (device == null) {
            throw new IllegalArgumentException("a device is required (Device.AUTO picks one)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
    }

    /** Seed 42 (the tutorial's runs), device {@code auto}, all cores. */
    public static ModelOptions defaults() {
        return new ModelOptions(42, Device.AUTO, Runtime.getRuntime().availableProcessors());
    }

    public ModelOptions withSeed(long s) {
        return new ModelOptions(s, device, threads);
    }

    public ModelOptions withDevice(Device d) {
        return new ModelOptions(seed, d, threads);
    }

    public ModelOptions withThreads(int n) {
        return new ModelOptions(seed, device, n);
    }
}
