package dev.mnist4j.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import dev.mnist4j.model.StateDict;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What a backend implements: one implementation of the tutorial's CNN. Listed in {@code
 * META-INF/services/dev.mnist4j.spi.BackendProvider} and found with {@link java.util.ServiceLoader},
 * so putting its jar on the classpath is all a user does. Applications never see it: they use
 * {@code dev.mnist4j.Backends}, which checks every request (the state, the device, the threads,
 * the capabilities) once, before it reaches a provider.
 *
 * <p>Construction must be cheap and must not load native code: a backend loads its engine on first
 * use ({@link #availability()} or {@link #open}), and reports a failure through {@link
 * #availability()} rather than by throwing.
 */
@API(status = EXPERIMENTAL)
public interface BackendProvider {

    /** A short lower-case name, e.g. {@code cpu-ref}, {@code djl}. */
    String name();

    /** Higher wins when no backend is named. */
    int priority();

    /** What computes, with versions, for people and for saved models' metadata (e.g. {@code DJL 0.36.0, libtorch 2.7.1}). */
    default String version() {
        String v = getClass().getPackage().getImplementationVersion();
        return "mnist4j " + (v == null ? "(development build)" : v);
    }

    /** Whether it can run here and, if not, why. */
    Availability availability();

    /**
     * The concrete devices it can use here: usually {@code cpu} first, then {@code cuda:0}, ….
     * Called only when {@link #availability()} says it is available.
     */
    List<Device> devices();

    /**
     * What it can do. Every backend infers; the default also trains. An inference-only backend
     * returns {@code EnumSet.of(Capability.INFERENCE)}, and its engines are never asked to train.
     */
    default Set<Capability> capabilities() {
        return Set.of(Capability.INFERENCE, Capability.TRAINING);
    }

    /**
     * Builds the model holding {@code state}.
     *
     * @param state   a state already checked against the MNIST CNN (names, shapes, finite values)
     * @param device  one of {@link #devices()}, never {@code auto}
     * @param threads compute threads to use, at least 1
     */
    ModelEngine open(StateDict state, Device device, int threads);
}
