package dev.mnist4j;

import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.core.UnsupportedCapabilityException;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.data.Normalization;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.predict.Predictor;
import dev.mnist4j.spi.ModelEngine;
import dev.mnist4j.train.Evaluation;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.Trainer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A {@link DigitModel} over a backend's {@link ModelEngine}: checks arguments, and orders calls with
 * a read-write lock so that forward passes run together while a state change or training step runs
 * alone.
 */
final class EngineModel implements DigitModel {
    private final Backend backend;
    private final ModelEngine engine;
    private final Device device;
    private final int threads;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, String> metadata;
    /** The training split whose SHA-256 the metadata still owes: hashed when first asked for, not while training. */
    private DataSet unhashed;

    private volatile Normalization normalization;
    private boolean closed;

    EngineModel(
            Backend backend,
            ModelEngine engine,
            Device device,
            int threads,
            Normalization normalization,
            Map<String, String> metadata) {
        this.backend = backend;
        this.engine = engine;
        this.device = device;
        this.threads = threads;
        this.normalization = normalization;
        this.metadata = new LinkedHashMap<>(metadata);
    }

    @Override
    public String backend() {
        return backend.name();
    }

    Backend backendInfo() {
        return backend;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public Normalization normalization() {
        return normalization;
    }

    void normalization(Normalization n) {
        normalization = n;
    }

    @Override
    public Map<String, String> metadata() {
        synchronized (metadata) {
            if (unhashed != null) {
                metadata.put(ModelFiles.DATA_SHA256, unhashed.sha256());
                unhashed = null;
            }
            return Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /**
     * Replaces the metadata with what a training run records; the value of {@link
     * ModelFiles#DATA_SHA256}, whose place it holds, is the SHA-256 of {@code trainingData}.
     */
    void recordProvenance(Map<String, String> provenance, DataSet trainingData) {
        synchronized (metadata) {
            metadata.clear();
            metadata.putAll(provenance);
            unhashed = trainingData;
        }
    }

    @Override
    public StateDict stateDict() {
        return shared(engine::state);
    }

    @Override
    public void loadStateDict(StateDict state) {
        state.requireMnistCnn();
        exclusive(() -> {
            engine.load(state);
            return null;
        });
    }

    @Override
    public float[] logits(float[] images, int count) {
        if (count < 0 || images.length != (long) count * MnistCnn.PIXELS) {
            throw new IllegalArgumentException(count + " images need " + (long) count * MnistCnn.PIXELS
                    + " values (784 per 28×28 image), got " + images.length);
        }
        if (count == 0) {
            return new float[0];
        }
        return shared(() -> engine.logits(images, count));
    }

    @Override
    public Trainer newTrainer(TrainConfig config) {
        if (!backend.can(Capability.TRAINING)) {
            throw new UnsupportedCapabilityException(
                    Capability.TRAINING,
                    "backend '" + backend.name()
                            + "' cannot train: it offers " + backend.capabilities()
                            + "; train with a backend that offers "
                            + Capability.TRAINING + " and load the saved model here");
        }
        return new EpochTrainer(this, config);
    }

    @Override
    public Predictor newPredictor() {
        return new SoftmaxPredictor(this);
    }

    @Override
    public Evaluation evaluate(DataSet data) {
        return Evaluator.evaluate(this, data);
    }

    @Override
    public void save(Path file) {
        Map<String, String> meta = new LinkedHashMap<>(metadata());
        meta.putIfAbsent(ModelFiles.BACKEND, backend.name());
        meta.put(ModelFiles.NORMALIZATION, normalization.toString());
        ModelFiles.save(file, stateDict(), meta);
    }

    @Override
    public String summary() {
        return SummaryTable.render(backend.name(), device.toString());
    }

    /** Runs {@code work} alone on the engine (a training step, a state change). */
    <T> T exclusive(Supplier<T> work) {
        return locked(lock.writeLock(), work);
    }

    /** Runs {@code work} beside other readers (forward passes, copies of the state). */
    private <T> T shared(Supplier<T> work) {
        return locked(lock.readLock(), work);
    }

    private <T> T locked(Lock l, Supplier<T> work) {
        l.lock();
        try {
            if (closed) {
                throw new Mnist4jException("this " + backend.name() + " model is closed; open a new one");
            }
            return work.get();
        } finally {
            l.unlock();
        }
    }

    ModelEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                engine.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "DigitModel[" + backend.name() + ", " + device + "]";
    }
}
