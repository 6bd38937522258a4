package dev.mnist4j.cli;

import dev.mnist4j.Backend;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.cli.pictures.Png;
import dev.mnist4j.cli.pictures.TrainingCurves;
import dev.mnist4j.data.Augmentation;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.io.Checkpoints;
import dev.mnist4j.serve.DigitServer;
import dev.mnist4j.serve.ServerOptions;
import dev.mnist4j.serve.TrainingFeed;
import dev.mnist4j.train.Checkpoint;
import dev.mnist4j.train.EarlyStopping;
import dev.mnist4j.train.EpochResult;
import dev.mnist4j.train.LrSchedule;
import dev.mnist4j.train.Metric;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.Trainer;
import dev.mnist4j.train.TrainingListener;
import dev.mnist4j.train.TrainingStoppedException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The tutorial's job: train the CNN, print each epoch and the test accuracy, save the model. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train the CNN on MNIST (SGD lr 0.01, batch 64 by default), evaluate, and save it.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();

    @Option(
            names = "--recipe",
            defaultValue = "tutorial",
            description = "tutorial (5 epochs of SGD lr 0.01, batch 64) or fast (2 epochs of Adam over one cycle to"
                    + " lr 0.003: 99%% on the test set); the options below change one part of it (default:"
                    + " ${DEFAULT-VALUE})")
    String recipe;

    @Option(
            names = "--epochs",
            description = "passes over the training set (default: the recipe's, 5 in the tutorial's)")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "images per step (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--optimizer",
            defaultValue = "sgd",
            description = "sgd, momentum, adam or adamw (default: the recipe's, sgd in the tutorial's)")
    String optimizer;

    @Option(
            names = "--weight-decay",
            paramLabel = "WD",
            description = "PyTorch's weight_decay: added to the gradient for sgd, momentum and adam, decoupled for"
                    + " adamw (default: the recipe's; 0, and 0.01 for adamw)")
    Double weightDecay;

    @Option(names = "--lr", description = "learning rate (default: 0.01 for sgd and momentum, 0.001 for adam)")
    Double learningRate;

    @Option(
            names = "--schedule",
            defaultValue = "constant",
            converter = ScheduleConverter.class,
            paramLabel = "NAME[:ARG=VALUE,...]",
            description = "how the learning rate moves, with PyTorch's names and arguments: " + ScheduleConverter.SYNTAX
                    + " (default: the recipe's, constant in the tutorial's)")
    LrSchedule schedule;

    @Option(
            names = "--augment",
            paramLabel = "none|affine:KEY=VALUE,...",
            description = "distort training images, as torchvision's RandomAffine (and optionally elastically):"
                    + " affine:degrees=12,translate=2,scale=0.9-1.1,shear=10[,elastic=ALPHA/SIGMA]; translate in"
                    + " pixels (default: the recipe's, none in the tutorial's)")
    String augment;

    @Option(
            names = "--val",
            paramLabel = "N",
            description = "hold N training images out (chosen by the seed) and measure accuracy on them after each"
                    + " epoch, for --early-stop, --stop-at and --keep-best (default: the recipe's, 0 in the"
                    + " tutorial's)")
    Integer validation;

    @Option(
            names = "--early-stop",
            paramLabel = "METRIC",
            description = "stop when METRIC (val_accuracy, val_loss, train_accuracy, train_loss) has not improved"
                    + " by more than --min-delta for --patience epochs, as Lightning's EarlyStopping")
    String earlyStop;

    @Option(
            names = "--patience",
            defaultValue = "3",
            description = "epochs without improvement (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(
            names = "--min-delta",
            defaultValue = "0",
            description = "the smallest change that counts as an improvement (default: ${DEFAULT-VALUE})")
    double minDelta;

    @Option(
            names = "--stop-at",
            paramLabel = "ACC",
            description = "stop once validation accuracy (or --early-stop's accuracy) reaches ACC percent, and say"
                    + " how much training time that took; needs --val")
    Double stopAt;

    @Option(
            names = "--stop-after-epoch",
            paramLabel = "N",
            description = "end after epoch N of the --epochs planned: the learning-rate schedule still spans them"
                    + " all, so these are the planned run's first epochs and --resume continues it")
    int stopAfterEpoch;

    @Option(
            names = "--keep-best",
            description = "save the model of the best epoch (by --early-stop's metric, else val_accuracy) beside"
                    + " the model, NAME-best.safetensors, as Lightning's ModelCheckpoint(save_top_k=1)")
    boolean keepBest;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "seeds initial weights and shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--out",
            defaultValue = "models/mnist_model.safetensors",
            description = "where to save the model (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--curves",
            description = "the PNG of loss and accuracy per epoch (default: beside the model, NAME-curves.png)")
    Path curves;

    @Option(
            names = "--checkpoint",
            description = "written after every epoch, to resume from (default: beside the"
                    + " model, NAME-checkpoint.safetensors)")
    Path checkpoint;

    @Option(
            names = "--resume",
            paramLabel = "CHECKPOINT",
            description = "continue a run from its checkpoint up to"
                    + " --epochs in all; seed, batch size and optimizer come from the checkpoint unless given")
    Path resume;

    @Option(
            names = "--ui",
            description = "follow the training in the browser: a live dashboard at /dashboard (and the page to"
                    + " draw on, with the model as it learns), kept up after training until Ctrl-C")
    boolean ui;

    @Option(
            names = "--ui-port",
            defaultValue = "8080",
            description = "the dashboard's port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int uiPort;

    @Option(
            names = "--ui-host",
            defaultValue = "127.0.0.1",
            description = "the dashboard's address (default: ${DEFAULT-VALUE}, this machine only)")
    String uiHost;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter w = spec.commandLine().getOut();
        Backend backend = backendOptions.backend();
        Checkpoint from = resume == null ? null : Checkpoints.load(resume);
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        TrainConfig base = TrainConfig.recipe(recipe);
        TrainConfig config = base.withEpochs(given.hasMatchedOption("--epochs") ? epochs : base.epochs())
                .withBatchSize(
                        given.hasMatchedOption("--batch-size")
                                ? batchSize
                                : from != null ? from.batchSize() : base.batchSize())
                .withSeed(given.hasMatchedOption("--seed") ? seed : from != null ? from.seed() : base.seed())
                .withOptimizer(
                        weightDecay == null
                                ? optimizer(given, from, base)
                                : optimizer(given, from, base).withWeightDecay(weightDecay))
                .withSchedule(given.hasMatchedOption("--schedule") ? schedule : base.schedule())
                .withAugmentation(
                        augment != null ? parse(augment, "--augment", Augmentation::parse) : base.augmentation())
                .withValidation(validation != null ? validation : base.validation());
        EarlyStopping stopping = earlyStopping();
        DataModule data = dataOptions.open();
        data.prepare();
        ModelOptions options = backendOptions.options().withSeed(config.seed());
        try (DigitModel model = from != null ? backend.newModel(from.model(), options) : backend.newModel(options)) {
            w.printf(
                    Locale.ROOT,
                    "Training on %s (%s, %d %s), recipe %s: %s; data: %s, %,d train / %,d test images%n",
                    backend.name(),
                    model.device(),
                    model.threads(),
                    model.threads() == 1 ? "thread" : "threads",
                    recipe,
                    config.describe(),
                    data.source(),
                    data.train().size(),
                    data.test().size());
            if (from != null) {
                w.printf(Locale.ROOT, "Resuming from %s, %s%n", resume, from.position());
            }
            w.flush();
            if (stopping != null) {
                w.println("Early stopping: " + stopping);
            }
            Path checkpointFile = checkpoint != null ? checkpoint : OutputPaths.beside(out, "-checkpoint.safetensors");
            TrainingFeed feed = ui ? new TrainingFeed(model, config, data.test()) : null;
            DigitServer dashboard = ui
                    ? DigitServer.start(
                            ServerOptions.defaults().withHost(uiHost).withPort(uiPort), model, feed)
                    : null;
            if (dashboard != null) {
                w.println("Dashboard: " + dashboard.address().resolve("/dashboard"));
                w.flush();
            }
            try {
                int status = train(w, model, config, stopping, data, from, checkpointFile, feed, backend);
                if (status != 0) {
                    if (dashboard != null) {
                        dashboard.close();
                    }
                    return status;
                }
            } catch (RuntimeException e) {
                if (feed != null) {
                    feed.finish(false, e.getMessage());
                }
                if (dashboard != null) {
                    dashboard.close();
                }
                throw e;
            }
            if (dashboard != null) {
                w.println("The dashboard stays at " + dashboard.address().resolve("/dashboard") + " until Ctrl-C.");
                w.flush();
                try (UntilCtrlC ctrlC = new UntilCtrlC();
                        dashboard) {
                    ctrlC.await();
                }
            }
        }
        return 0;
    }

    /** Trains and saves; on Ctrl-C, stops after the batch, keeps a checkpoint and says how to resume (130). */
    private int train(
            PrintWriter w,
            DigitModel model,
            TrainConfig config,
            EarlyStopping stopping,
            DataModule data,
            Checkpoint from,
            Path checkpointFile,
            TrainingFeed feed,
            Backend backend) {
        Trainer trainer = model.newTrainer(config)
                .checkpointTo(checkpointFile)
                .addListener(EpochProgress.forConsole())
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochResult r) {
                        w.println(r.tutorialLine());
                        if (r.validation() != null) {
                            w.printf(
                                    Locale.ROOT,
                                    "Validation accuracy: %.3f%%, loss %.4f (%,d held-out images)%n",
                                    r.validation().accuracy() * 100,
                                    r.validation().meanLoss(),
                                    r.validation().count());
                        }
                        w.printf(
                                Locale.ROOT, "Test accuracy: %.3f%%%n", r.test().accuracy() * 100);
                        w.flush();
                    }

                    @Override
                    public void onEarlyStop(EarlyStopping.Stop stop) {
                        w.printf(
                                Locale.ROOT,
                                "Stopped early after epoch %d: %s; training time %s%n",
                                stop.epoch(),
                                stop.reason(),
                                seconds(stop.trainingTime()));
                        w.flush();
                    }
                });
        if (stopping != null) {
            trainer.stopEarly(stopping);
        }
        if (stopAfterEpoch != 0) {
            trainer.stopAfterEpoch(stopAfterEpoch);
        }
        Path bestFile = keepBest ? OutputPaths.beside(out, "-best.safetensors") : null;
        Metric bestOn = stopping != null ? stopping.monitor() : Metric.VAL_ACCURACY;
        if (bestFile != null) {
            trainer.keepBest(bestFile, bestOn);
        }
        if (feed != null) {
            trainer.addListener(feed);
        }
        List<EpochResult> results;
        PrintWriter err = spec.commandLine().getErr();
        try (CtrlC ctrlC = CtrlC.onFirst(() -> {
            trainer.requestStop();
            err.println("\nStopping after this batch to write a checkpoint (Ctrl-C again quits at once)...");
            err.flush();
        })) {
            results = from != null ? trainer.resume(data, from) : trainer.fit(data);
        } catch (TrainingStoppedException stopped) {
            if (feed != null) {
                feed.finish(false, "stopped by Ctrl-C, " + stopped.checkpoint().position());
            }
            w.println();
            w.println("Stopped by Ctrl-C, " + stopped.checkpoint().position() + "; checkpoint: " + checkpointFile);
            w.println("Resume with: " + resumeCommand(checkpointFile));
            w.flush();
            return CtrlC.STATUS;
        }
        if (stopAt != null) {
            reportStopAt(w, results, stopping);
        }
        if (stopAfterEpoch > 0 && stopAfterEpoch < config.epochs()) {
            w.printf(
                    Locale.ROOT,
                    "Stopped after epoch %d of the %d planned, as --stop-after-epoch asked; continue with: %s%n",
                    stopAfterEpoch,
                    config.epochs(),
                    resumeCommand(checkpointFile).replaceAll(" --stop-after-epoch[ =]\\d+", ""));
        }
        model.save(out);
        if (feed != null) {
            feed.finish(true, "saved to " + out);
        }
        w.println("Saved model to " + out);
        Path curvesFile = curves != null ? curves : OutputPaths.beside(out, "-curves.png");
        Png.write(TrainingCurves.render(results, backend.name() + ", " + config.optimizer()), curvesFile);
        w.println("Wrote training curves to " + curvesFile);
        w.println("Checkpoint for --resume: " + checkpointFile);
        if (bestFile != null) {
            EpochResult best = results.get(0);
            for (EpochResult r : results) { // the first of the best, as keepBest saved it
                boolean better =
                        bestOn.higherIsBetter() ? bestOn.of(r) > bestOn.of(best) : bestOn.of(r) < bestOn.of(best);
                best = better ? r : best;
            }
            w.printf(
                    Locale.ROOT,
                    "Best model: epoch %d (%s %.4f, test accuracy %.3f%%), saved to %s%n",
                    best.epoch(),
                    bestOn,
                    bestOn.of(best),
                    best.test().accuracy() * 100,
                    bestFile);
        }
        return 0;
    }

    /** When the --stop-at accuracy was reached, in training time; or that it was not. */
    private static void reportStopAt(PrintWriter w, List<EpochResult> results, EarlyStopping stopping) {
        java.time.Duration trained = java.time.Duration.ZERO;
        for (EpochResult r : results) {
            trained = trained.plus(r.duration());
            if (stopping.reachesThreshold(stopping.monitor().of(r))) {
                w.printf(
                        Locale.ROOT,
                        "Reached %s >= %.2f%% after epoch %d, in %s of training (test accuracy then %.3f%%)%n",
                        stopping.monitor(),
                        stopping.stoppingThreshold() * 100,
                        r.epoch(),
                        seconds(trained),
                        r.test().accuracy() * 100);
                return;
            }
        }
        w.printf(
                Locale.ROOT,
                "Did not reach %s >= %.2f%% in %d epochs (%s of training)%n",
                stopping.monitor(),
                stopping.stoppingThreshold() * 100,
                results.size(),
                seconds(trained));
    }

    /** The early-stopping rule the options ask for, or null. */
    private EarlyStopping earlyStopping() {
        if (stopAt != null && !(stopAt >= 0 && stopAt <= 100)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--stop-at is an accuracy in percent, between 0 and 100; was " + stopAt);
        }
        if (earlyStop == null && stopAt == null) {
            return null;
        }
        if (earlyStop == null) {
            return EarlyStopping.atAccuracy(stopAt / 100);
        }
        Metric monitor = parse(earlyStop, "--early-stop", Metric::parse);
        if (stopAt != null && monitor != Metric.VAL_ACCURACY && monitor != Metric.TRAIN_ACCURACY) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--stop-at is an accuracy, but --early-stop watches " + monitor);
        }
        try {
            EarlyStopping rule =
                    EarlyStopping.on(monitor).withPatience(patience).withMinDelta(minDelta);
            return stopAt == null ? rule : rule.withStoppingThreshold(stopAt / 100);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + " (--patience, --min-delta)");
        }
    }

    private <T> T parse(String text, String option, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private static String seconds(java.time.Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The optimizer named on the command line, else the checkpoint's kind, else the recipe's. */
    private OptimizerConfig optimizer(CommandLine.ParseResult given, Checkpoint from, TrainConfig base) {
        if (given.hasMatchedOption("--optimizer") || given.hasMatchedOption("--lr") || from != null) {
            String kind = given.hasMatchedOption("--optimizer")
                    ? optimizer
                    : from != null ? from.optimizer().kind() : base.optimizer().kind();
            return OptimizerConfig.parse(kind, learningRate);
        }
        return base.optimizer();
    }

    /** This command line again, resuming from {@code checkpointFile}: what to type to go on. */
    private String resumeCommand(Path checkpointFile) {
        List<String> args = new java.util.ArrayList<>(
                spec.root().commandLine().getParseResult().originalArgs());
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--resume")) {
                args.remove(i);
                if (i < args.size()) {
                    args.remove(i);
                }
                i--;
            } else if (args.get(i).startsWith("--resume=")) {
                args.remove(i--);
            }
        }
        args.add("--resume");
        args.add(checkpointFile.toString());
        StringBuilder line = new StringBuilder("./mnist4j");
        for (String a : args) {
            line.append(' ').append(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
