package dev.mnist4j.spi;

import dev.mnist4j.Device;
import dev.mnist4j.Mnist4jException;
import dev.mnist4j.BackendUnavailableException;
import dev.mnist4j.data.Normalization;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.predict.Predictor;
import dev.mnist4j.predict.SoftmaxPredictor;
import dev.mnist4j.train.EpochTrainer;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.Trainer;
import java.util.List;

/**
 * A backend: one implementation of the tutorial's CNN. Listed in
 * {@code META-INF/services/dev.mnist4j.spi.BackendProvider} and found with
 * {@link java.util.ServiceLoader}, so putting its jar on the classpath is all a user does.
 *
 * <p>Construction must be cheap and must not load native code: a backend loads its engine on first
 * use ({@link #availability()} or {@link #openModel}), and reports a failure through
 * {@link #availability()} rather than by throwing.
 */
public interface BackendProvider {

    /** A short lower-case name, e.g. {@code cpu-ref}, {@code djl}. */
    String name();

    /** Higher wins when no backend is named. */
    int priority();

    /** What computes, with versions, for the metadata of saved models (e.g. {@code DJL 0.36.0, libtorch 2.7.1}). */
    default String version() {
        String v = getClass().getPackage().getImplementationVersion();
        return "mnist4j " + (v == null ? "(development build)" : v);
    }

    Availability availability();

    /** The concrete devices it can use here: usually {@code cpu} first, then {@code cuda:0}, …. */
    List<Device> devices();

    /**
     * Builds the model with the given parameters on a resolved device.
     *
     * @param state   an already-checked state of the MNIST CNN
     * @param device  {@code cpu} or a {@code cuda:N} from {@link #devices()}
     * @param threads compute threads to use, at least 1
     */
    DigitModel openModel(StateDict state, Device device, int threads);

    /** A training step for this backend's model and the given optimizer. */
    TrainingEngine trainingEngine(DigitModel model, OptimizerConfig optimizer);

    /** A fresh model with the seeded initial weights every backend shares. */
    default DigitModel newModel(long seed, Device device, int threads) {
        return newModel(PyTorchInit.initialState(seed), device, threads);
    }

    /** A model holding {@code state}, on {@code device} ({@code auto} allowed). */
    default DigitModel newModel(StateDict state, Device device, int threads) {
        Availability a = availability();
        if (!a.available()) {
            throw new BackendUnavailableException("backend '" + name() + "' is unavailable: " + a.reason());
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        state.requireMnistCnn();
        return openModel(state, device.resolve(name(), devices()), threads);
    }

    default Trainer trainer(TrainConfig config) {
        return new EpochTrainer(this, config);
    }

    default Predictor predictor(DigitModel model, Normalization normalization) {
        if (!model.backend().equals(name())) {
            throw new Mnist4jException("model of backend '" + model.backend() + "' given to backend '" + name() + "'");
        }
        return new SoftmaxPredictor(model, normalization);
    }
}
