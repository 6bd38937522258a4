package dev.mnist4j;

import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.core.Setting;
import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.io.Checkpoints;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.model.Logits;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.BatchProgress;
import dev.mnist4j.train.Checkpoint;
import dev.mnist4j.train.EpochResult;
import dev.mnist4j.train.Evaluation;
import dev.mnist4j.train.LrSchedule;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.Trainer;
import dev.mnist4j.train.TrainingDivergedException;
import dev.mnist4j.train.TrainingListener;
import dev.mnist4j.train.TrainingStoppedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tutorial's training loop, shared by every backend: for each epoch, shuffled batches through
 * the backend's {@link TrainingEngine} and the shared {@link OptimizerRun}, with mean loss and
 * accuracy counted the tutorial's way, listeners told of each batch and epoch, the test split
 * evaluated after each epoch, and the run's provenance recorded in the model.
 */
final class EpochTrainer implements Trainer {
    private final EngineModel model;
    private final TrainConfig config;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Path checkpointFile;
    private volatile boolean stopRequested;

    EpochTrainer(EngineModel model, TrainConfig config) {
        this.model = model;
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
    public List<EpochResult> fit(DataModule data) {
        return run(data, null);
    }

    @Override
    public List<EpochResult> resume(DataModule data, Checkpoint from) {
        from.optimizer().requireFor(config.optimizer());
        if (from.seed() != config.seed() || from.batchSize() != config.batchSize()) {
            throw new Mnist4jException("the checkpoint was written with seed " + from.seed() + " and batch size "
                            + from.batchSize() + "; resume with the same seed and batch size, so the data come in"
                            + " the same order")
                    .remedy(Setting.SEED, Long.toString(from.seed()))
                    .remedy(Setting.BATCH_SIZE, Integer.toString(from.batchSize()));
        }
        if (from.epochsDone() >= config.epochs()) {
            throw new Mnist4jException("the checkpoint has " + from.epochsDone() + " epochs done already; ask for"
                            + " more epochs in all (" + (from.epochsDone() + 1) + " or more)")
                    .remedy(Setting.EPOCHS, Integer.toString(from.epochsDone() + 1));
        }
        model.loadStateDict(from.model());
        return run(data, from);
    }

    @Override
    public void requestStop() {
        stopRequested = true;
    }

    private List<EpochResult> run(DataModule data, Checkpoint from) {
        DataSet train = data.train();
        model.normalization(data.normalization());
        List<EpochResult> results = new ArrayList<>();
        try (TrainingEngine engine = model.exclusive(model.engine()::newTrainingEngine)) {
            OptimizerRun optimizer = new OptimizerRun(config.optimizer(), schedule(train), engine);
            if (from != null) {
                model.exclusive(() -> {
                    optimizer.restore(from.optimizer());
                    return null;
                });
            }
            float[] logits = new float[config.batchSize() * MnistCnn.CLASSES];
            Checkpoint.InEpoch carried = from == null ? Checkpoint.InEpoch.NONE : from.inEpoch();
            for (int epoch = from == null ? 1 : from.epochsDone() + 1; epoch <= config.epochs(); epoch++) {
                EpochResult result = epoch(engine, optimizer, data, train, epoch, logits, carried);
                carried = Checkpoint.InEpoch.NONE;
                results.add(result);
                model.recordProvenance(provenance(data, result), train);
                if (checkpointFile != null) {
                    save(checkpointFile, checkpoint(optimizer, epoch, Checkpoint.InEpoch.NONE));
                }
                listeners.forEach(l -> l.onEpoch(result));
            }
        }
        return results;
    }

    /** The schedule for this run's length, checked against the optimizer before anything trains. */
    private LrSchedule schedule(DataSet train) {
        long perEpoch = config.dropLast()
                ? train.size() / config.batchSize()
                : (train.size() + config.batchSize() - 1) / config.batchSize();
        try {
            return config.schedule().forRun(config.optimizer(), perEpoch * config.epochs());
        } catch (IllegalArgumentException e) {
            throw new Mnist4jException(e.getMessage(), e);
        }
    }

    private Checkpoint checkpoint(OptimizerRun optimizer, int epochsDone, Checkpoint.InEpoch inEpoch) {
        return new Checkpoint(
                model.stateDict(), optimizer.state(), epochsDone, config.seed(), config.batchSize(), inEpoch);
    }

    private void save(Path file, Checkpoint cp) {
        Checkpoints.save(
                file,
                cp,
                Map.of(
                        ModelFiles.BACKEND,
                        model.backend(),
                        ModelFiles.OPTIMIZER,
                        config.optimizer().toString()));
    }

    private EpochResult epoch(
            TrainingEngine engine,
            OptimizerRun optimizer,
            DataModule data,
            DataSet train,
            int epoch,
            float[] logits,
            Checkpoint.InEpoch carried) {
        long start = System.nanoTime();
        int batches = train.batchCount(config.batchSize(), config.dropLast());
        double lossSum = carried.lossSum();
        long correct = carried.correct();
        long seen = carried.seen();
        for (Batch batch : train.batches(config.batchSize(), config.shuffleSeed(epoch), config.dropLast())) {
            if (batch.index() < carried.batches()) {
                continue; // done before the run was stopped
            }
            if (stopRequested) { // between two batches: where the run stands is a whole state
                stop(checkpoint(optimizer, epoch - 1, new Checkpoint.InEpoch(batch.index(), lossSum, correct, seen)));
            }
            float loss = model.exclusive(() -> {
                float l = engine.forwardBackward(batch, logits);
                if (Float.isFinite(l)) {
                    optimizer.update(epoch - 1);
                }
                return l;
            });
            if (!Float.isFinite(loss)) {
                throw new TrainingDivergedException(String.format(
                        Locale.ROOT,
                        "loss became %s at epoch %d, batch %d with %s; lower the learning rate or check the data",
                        loss,
                        epoch,
                        batch.index() + 1,
                        config.optimizer()));
            }
            lossSum += loss;
            for (int i = 0; i < batch.count(); i++) {
                if (Logits.argmax(logits, i) == batch.labels()[i]) {
                    correct++;
                }
            }
            seen += batch.count();
            double seconds = (System.nanoTime() - start) / 1e9;
            BatchProgress progress = new BatchProgress(
                    epoch,
                    config.epochs(),
                    batch.index() + 1,
                    batches,
                    loss,
                    lossSum / (batch.index() + 1),
                    (double) correct / seen,
                    (seen - carried.seen()) / Math.max(seconds, 1e-9));
            listeners.forEach(l -> l.onBatch(progress));
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        Evaluation test = config.evaluateEachEpoch() ? model.evaluate(data.test()) : null;
        // The tutorial divides by the data set's size and the number of batches.
        return new EpochResult(
                epoch, config.epochs(), lossSum / batches, (double) correct / train.size(), duration, test);
    }

    /** Writes where the run stands and ends it: the caller's Ctrl-C (or other reason) was heard. */
    private void stop(Checkpoint cp) {
        stopRequested = false;
        if (checkpointFile != null) {
            save(checkpointFile, cp);
        }
        throw new TrainingStoppedException(
                "training stopped as asked, " + cp.position()
                        + (checkpointFile != null ? "; checkpoint written to " + checkpointFile : ""),
                cp,
                checkpointFile);
    }

    /** What the model's file will say about how it was made. */
    private Map<String, String> provenance(DataModule data, EpochResult last) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ModelFiles.BACKEND, model.backend());
        meta.put(ModelFiles.BACKEND_VERSION, model.backendInfo().version());
        meta.put(ModelFiles.EPOCHS, Integer.toString(last.epoch()));
        if (last.test() != null) {
            meta.put(
                    ModelFiles.ACCURACY,
                    String.format(Locale.ROOT, "%.5f", last.test().accuracy()));
        }
        meta.put(ModelFiles.NORMALIZATION, data.normalization().toString());
        meta.put(ModelFiles.DATASET, data.name() + " (" + data.source() + ")");
        meta.put(ModelFiles.DATA_SHA256, "(hashed when read)");
        meta.put(ModelFiles.OPTIMIZER, config.optimizer().toString());
        if (!(config.schedule() instanceof LrSchedule.Constant)) {
            meta.put(ModelFiles.LR_SCHEDULE, config.schedule().toString());
        }
        meta.put(ModelFiles.BATCH_SIZE, Integer.toString(config.batchSize()));
        meta.put(ModelFiles.SEED, Long.toString(config.seed()));
        meta.put(
                ModelFiles.TRAINED_AT,
                java.time.Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
        return meta;
    }
}
