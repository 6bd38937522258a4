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
import dev.mnist4j.train.EarlyStopping;
import dev.mnist4j.train.EpochResult;
import dev.mnist4j.train.Evaluation;
import dev.mnist4j.train.LrSchedule;
import dev.mnist4j.train.Metric;
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
    private volatile EarlyStopping earlyStopping;
    private volatile Path bestFile;
    private volatile Metric bestMonitor;
    private volatile int lastEpoch;
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
    public Trainer stopEarly(EarlyStopping rule) {
        this.earlyStopping = rule;
        return this;
    }

    @Override
    public Trainer keepBest(Path file, Metric monitor) {
        this.bestMonitor = monitor;
        this.bestFile = file;
        return this;
    }

    @Override
    public Trainer stopAfterEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("the epoch to stop after must be >= 1 (0: none), was " + epoch);
        }
        this.lastEpoch = epoch;
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
        DataSet.Split split = split(data.train());
        DataSet train = split.train();
        EarlyStopping stopping = earlyStopping;
        Path best = bestFile;
        Metric bestOn = bestMonitor;
        requireValidation(stopping == null ? null : stopping.monitor(), split, "early stopping");
        requireValidation(best == null ? null : bestOn, split, "keeping the best model");
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
            Watch bestWatch = new Watch();
            Watch stopWatch = new Watch();
            Duration trained = Duration.ZERO;
            int end = lastEpoch > 0 ? Math.min(lastEpoch, config.epochs()) : config.epochs();
            for (int epoch = from == null ? 1 : from.epochsDone() + 1; epoch <= end; epoch++) {
                EpochResult result = epoch(engine, optimizer, data, train, split.validation(), epoch, logits, carried);
                carried = Checkpoint.InEpoch.NONE;
                trained = trained.plus(result.duration());
                results.add(result);
                model.recordProvenance(provenance(data, result), train);
                if (checkpointFile != null) {
                    save(checkpointFile, checkpoint(optimizer, epoch, Checkpoint.InEpoch.NONE));
                }
                if (best != null && bestWatch.improvedBy(bestOn.of(result), bestOn.higherIsBetter(), 0)) {
                    model.save(best);
                }
                listeners.forEach(l -> l.onEpoch(result));
                EarlyStopping.Stop stop = stopping == null ? null : stopWatch.check(stopping, result, trained);
                if (stop != null && epoch < config.epochs()) {
                    listeners.forEach(l -> l.onEarlyStop(stop));
                    break;
                }
            }
        }
        return results;
    }

    /** The best value of a metric so far, and how many epochs have gone by without beating it. */
    private static final class Watch {
        double best = Double.NaN;
        int wait;

        boolean improvedBy(double value, boolean higherIsBetter, double minDelta) {
            boolean better = Double.isNaN(best)
                    ? !Double.isNaN(value)
                    : higherIsBetter ? value > best + minDelta : value < best - minDelta;
            if (better) {
                best = value;
                wait = 0;
            } else {
                wait++;
            }
            return better;
        }

        /** Lightning's order: the threshold first, then patience. */
        EarlyStopping.Stop check(EarlyStopping rule, EpochResult result, Duration trained) {
            double value = rule.monitor().of(result);
            improvedBy(value, rule.higherIsBetter(), rule.minDelta());
            String reason = null;
            if (rule.reachesThreshold(value)) {
                reason = String.format(
                        Locale.ROOT, "%s %.4f reached %s", rule.monitor(), value, rule.stoppingThreshold());
            } else if (wait >= rule.patience()) {
                reason = String.format(
                        Locale.ROOT,
                        "%s did not improve by more than %s for %d epochs (best %.4f)",
                        rule.monitor(),
                        rule.minDelta(),
                        wait,
                        best);
            }
            return reason == null
                    ? null
                    : new EarlyStopping.Stop(result.epoch(), rule.monitor(), value, reason, trained);
        }
    }

    /** The training split, less the validation images if the config holds some out. */
    private DataSet.Split split(DataSet all) {
        if (config.validation() == 0) {
            return new DataSet.Split(all, null);
        }
        if (config.validation() >= all.size()) {
            throw new Mnist4jException("a validation split of " + config.validation() + " images leaves nothing to"
                            + " train on: " + all.name() + " has " + all.size() + " images")
                    .remedy(Setting.VALIDATION, Integer.toString(Math.min(5000, all.size() / 10)));
        }
        return all.holdOut(config.validation(), config.seed());
    }

    private static void requireValidation(Metric monitor, DataSet.Split split, String what) {
        if (monitor != null && monitor.needsValidation() && split.validation() == null) {
            throw new Mnist4jException(what + " on " + monitor + " needs a validation split held out of the"
                            + " training data (the test split never chooses a model)")
                    .remedy(Setting.VALIDATION, "5000");
        }
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
            DataSet validation,
            int epoch,
            float[] logits,
            Checkpoint.InEpoch carried) {
        long start = System.nanoTime();
        int batches = train.batchCount(config.batchSize(), config.dropLast());
        double lossSum = carried.lossSum();
        long correct = carried.correct();
        long seen = carried.seen();
        for (Batch batch : train.batches(
                config.batchSize(), config.shuffleSeed(epoch), config.dropLast(), config.augmentation())) {
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
            correct += correct(logits, batch);
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
        Evaluation val = validation == null ? null : model.evaluate(validation);
        // The tutorial divides by the data set's size and the number of batches.
        return new EpochResult(
                epoch, config.epochs(), lossSum / batches, (double) correct / train.size(), duration, test, val);
    }

    /**
     * How many of the batch's images the logits classify right. A method of its own: inside
     * {@link #epoch}'s loop, its 64 turns per batch made the JIT compile the whole loop, inlining the
     * backend's training step, for about 0.3 s of a core in the middle of the first long epoch.
     */
    private static int correct(float[] logits, Batch batch) {
        int correct = 0;
        for (int i = 0; i < batch.count(); i++) {
            if (Logits.argmax(logits, i) == batch.labels()[i]) {
                correct++;
            }
        }
        return correct;
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
        if (!config.augmentation().isNone()) {
            meta.put(ModelFiles.AUGMENTATION, config.augmentation().toString());
        }
        if (last.validation() != null) {
            meta.put(ModelFiles.VALIDATION, config.validation() + " images");
            meta.put(
                    ModelFiles.VAL_ACCURACY,
                    String.format(Locale.ROOT, "%.5f", last.validation().accuracy()));
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
