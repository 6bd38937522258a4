package dev.mnist4j.train;

import dev.mnist4j.Mnist4jException;
import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.model.Logits;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.io.Checkpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tutorial's training loop, shared by every backend: for each epoch, shuffled batches through
 * the backend's {@link TrainingEngine}, with mean loss and accuracy counted the tutorial's way,
 * listeners told of each batch and epoch, and the test split evaluated after each epoch.
 */
public final class EpochTrainer implements Trainer {
    private final BackendProvider backend;
    private final TrainConfig config;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private Path checkpointFile;

    public EpochTrainer(BackendProvider backend, TrainConfig config) {
        this.backend = backend;
        this.config = config;
    }

    @Override
    public TrainConfig config() {
        return config;
    }

    @Override
    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    @Override
    public Trainer checkpointTo(Path file) {
        this.checkpointFile = file;
        return this;
    }

    @Override
    public List<EpochResult> fit(DigitModel model, DataModule data) {
        return run(model, data, null);
    }

    @Override
    public List<EpochResult> resume(DigitModel model, DataModule data, Checkpoint from) {
        from.optimizer().requireFor(config.optimizer());
        if (from.seed() != config.seed() || from.batchSize() != config.batchSize()) {
            throw new Mnist4jException("the checkpoint was written with seed " + from.seed() + " and batch size "
                    + from.batchSize() + "; resume with the same (--seed " + from.seed() + " --batch-size "
                    + from.batchSize() + ") so the data come in the same order");
        }
        if (from.epochsDone() >= config.epochs()) {
            throw new Mnist4jException("the checkpoint has " + from.epochsDone() + " epochs done already; ask for"
                    + " more (--epochs " + (from.epochsDone() + 1) + " or more)");
        }
        return run(model, data, from);
    }

    private List<EpochResult> run(DigitModel model, DataModule data, Checkpoint from) {
        if (!model.backend().equals(backend.name())) {
            throw new Mnist4jException("a '" + model.backend() + "' model cannot be trained by backend '"
                    + backend.name() + "'");
        }
        DataSet train = data.train();
        List<EpochResult> results = new ArrayList<>();
        try (TrainingEngine engine = backend.trainingEngine(model, config.optimizer())) {
            if (from != null) {
                engine.restoreOptimizerState(from.optimizer());
            }
            float[] logits = new float[config.batchSize() * MnistCnn.CLASSES];
            for (int epoch = from == null ? 1 : from.epochsDone() + 1; epoch <= config.epochs(); epoch++) {
                results.add(epoch(engine, model, data, train, epoch, logits));
                if (checkpointFile != null) {
                    Checkpoints.save(checkpointFile, new Checkpoint(model.stateDict(), engine.optimizerState(), epoch,
                            config.seed(), config.batchSize()), Map.of("backend", backend.name(),
                            "optimizer", config.optimizer().toString()));
                }
            }
        }
        return results;
    }

    private EpochResult epoch(TrainingEngine engine, DigitModel model, DataModule data, DataSet train, int epoch,
                              float[] logits) {
        long start = System.nanoTime();
        int batches = train.batchCount(config.batchSize(), config.dropLast());
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        for (Batch batch : train.batches(config.batchSize(), config.shuffleSeed(epoch), config.dropLast())) {
            float loss = engine.step(batch, logits);
            if (!Float.isFinite(loss)) {
                throw new TrainingDivergedException(String.format(
                        "loss became %s at epoch %d, batch %d with %s; lower the learning rate or check the data",
                        loss, epoch, batch.index() + 1, config.optimizer()));
            }
            lossSum += loss;
            for (int i = 0; i < batch.count(); i++) {
                if (Logits.argmax(logits, i) == batch.labels()[i]) {
                    correct++;
                }
            }
            seen += batch.count();
            double seconds = (System.nanoTime() - start) / 1e9;
            BatchProgress progress = new BatchProgress(epoch, config.epochs(), batch.index() + 1, batches, loss,
                    lossSum / (batch.index() + 1), (double) correct / seen, seen / Math.max(seconds, 1e-9));
            listeners.forEach(l -> l.onBatch(progress));
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        Evaluation test = config.evaluateEachEpoch() ? evaluate(model, data.test()) : null;
        // The tutorial divides by the data set's size and the number of batches.
        EpochResult result = new EpochResult(epoch, config.epochs(), lossSum / batches,
                (double) correct / train.size(), duration, test);
        listeners.forEach(l -> l.onEpoch(result));
        return result;
    }

    @Override
    public Evaluation evaluate(DigitModel model, DataSet data) {
        return Evaluator.evaluate(model, data);
    }
}
