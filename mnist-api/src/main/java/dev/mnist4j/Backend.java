package dev.mnist4j;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import dev.mnist4j.model.StateDict;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * A backend as an application sees it: a name, the devices and capabilities it offers here, and
 * models. Get one with {@link Backends#best()} or {@link Backends#get(String)}. Every request is
 * checked here, once, before it reaches the backend's code: the state (names, shapes, finite
 * values), the device ({@code auto} resolved, a missing GPU refused), the thread count.
 */
@API(status = STABLE)
public interface Backend {

    /** A short lower-case name, e.g. {@code cpu-ref}, {@code djl}. */
    String name();

    /** Higher wins when no backend is named. */
    int priority();

    /** What computes, with versions (e.g. {@code DJL 0.36.0, libtorch 2.7.1}). */
    String version();

    /** The concrete devices it can use here: usually {@code cpu} first, then {@code cuda:0}, …. */
    List<Device> devices();

    /** What it can do: inference always, training for most backends. */
    Set<Capability> capabilities();

    /** Whether it offers {@code capability}. */
    default boolean can(Capability capability) {
        return capabilities().contains(capability);
    }

    /** A fresh model with the seeded initial weights every backend shares, with the default options. */
    default DigitModel newModel() {
        return newModel(ModelOptions.defaults());
    }

    /** A fresh model with the initial weights of {@code options.seed()}, on its device and threads. */
    DigitModel newModel(ModelOptions options);

    /**
     * A model holding {@code state}.
     *
     * @throws dev.mnist4j.core.Mnist4jException if the state is not the MNIST CNN's, naming every problem
     */
    DigitModel newModel(StateDict state, ModelOptions options);

    /** A model loaded from a {@code .safetensors}, {@code .pth} or {@code .onnx} file, with the default options. */
    default DigitModel loadModel(Path file) {
        return loadModel(file, ModelOptions.defaults());
    }

    /**
     * A model loaded from a {@code .safetensors}, {@code .pth} or {@code .onnx} file: its state, its metadata, and
     * the normalisation the metadata names (else the tutorial's).
     *
     * @throws dev.mnist4j.io.ModelFileException naming the file and what is wrong with it
     */
    DigitModel loadModel(Path file, ModelOptions options);
}
