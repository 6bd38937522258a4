package dev.mnist4j.cli;

import dev.mnist4j.Backend;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.core.Capability;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.internal.memory.MemoryUse;
import dev.mnist4j.internal.memory.SharedPredictorRun;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.predict.Predictor;
import dev.mnist4j.train.TrainConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A bounded soak run: rounds of training and of predicting on many threads with one shared
 * predictor, the heap in use and resident memory outside the heap (native memory; the JVM commits
 * and releases heap as it likes) measured after each. The first half of the rounds is the
 * warm-up, in which the JVM and the native allocators grow to what the work needs; ending above the
 * warm-up's highest figure by more than a slack, or a prediction that differs from one thread's,
 * fails the run. Resident memory counts only the heap pages the JVM has touched, so the figure
 * outside the heap is exact only with a fixed, pre-touched heap ({@code -Xms} = {@code -Xmx},
 * {@code -XX:+AlwaysPreTouch}); the run says so when the heap was resized under it.
 */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description = {
            "Train and predict in rounds, reporting heap and resident memory; fails (status 1) when memory"
                    + " grows past the first half's highest figure, or a shared predictor answers differently"
                    + " than one thread."
        })
final class SoakCommand implements Callable<Integer> {
    /** Growth allowed past the warm-up's highest figure: heap after a collection, and resident memory. */
    private static final long HEAP_SLACK = 32L << 20;

    private static final long RESIDENT_SLACK = 96L << 20;

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();

    @Option(names = "--rounds", defaultValue = "5", description = "rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(
            names = "--train-batches",
            defaultValue = "50",
            description = "training batches of 64 per round, where the backend trains (default: ${DEFAULT-VALUE})")
    int trainBatches;

    @Option(
            names = "--predictions",
            defaultValue = "20000",
            description = "predictions per round, over all predicting threads (default: ${DEFAULT-VALUE})")
    int predictions;

    @Option(
            names = "--predicting-threads",
            defaultValue = "16",
            description = "threads sharing one predictor (default: ${DEFAULT-VALUE})")
    int predictingThreads;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Backend backend = backendOptions.backend();
        DataModule data = dataOptions.open();
        boolean trains = backend.capabilities().contains(Capability.TRAINING);
        List<int[]> images = new ArrayList<>();
        for (int i = 0; i < Math.min(1000, data.test().size()); i++) {
            images.add(data.test().rawImage(i));
        }
        long warmHeap = 0;
        long warmResident = 0;
        MemoryUse last = null;
        long leastCommitted = Long.MAX_VALUE;
        long mostCommitted = 0;
        long differing = 0;
        try (DigitModel model = backend.newModel(backendOptions.options());
                // one pool for every round: its threads, and what they hold, are part of the warm-up
                SharedPredictorRun run = new SharedPredictorRun(model.newPredictor(), images, predictingThreads)) {
            Predictor predictor = run.predictor();
            out.printf(
                    Locale.ROOT,
                    "Soak on %s (%s): %d rounds of %s%,d predictions on %d threads sharing one predictor%n",
                    backend.name(),
                    model.device(),
                    rounds,
                    trains ? trainBatches + " training batches and " : "",
                    predictions,
                    predictingThreads);
            for (int round = 1; round <= rounds; round++) {
                if (trains) {
                    model.newTrainer(TrainConfig.defaults().withEpochs(1).withEvaluateEachEpoch(false))
                            .fit(DataModules.of("soak", slice(data.train(), round), data.test()));
                }
                // the predictor follows the model's weights: one thread's answers after this round's training
                List<Prediction> alone = images.stream().map(predictor::predict).toList();
                long wrong = run.predict(predictions, (i, p) -> p.equals(alone.get(i)));
                differing += wrong;
                last = MemoryUse.now();
                leastCommitted = Math.min(leastCommitted, last.heapCommittedBytes());
                mostCommitted = Math.max(mostCommitted, last.heapCommittedBytes());
                if (round <= Math.max(1, rounds / 2)) {
                    warmHeap = Math.max(warmHeap, last.heapBytes());
                    warmResident = Math.max(warmResident, last.offHeapBytes());
                }
                out.printf(
                        Locale.ROOT,
                        "round %d: %,d predictions, %d differ from one thread's; heap %.1f MB in use (%.1f MB"
                                + " committed), resident %s%n",
                        round,
                        predictions,
                        wrong,
                        last.heapBytes() / 1e6,
                        last.heapCommittedBytes() / 1e6,
                        last.residentKnown()
                                ? String.format(
                                        Locale.ROOT,
                                        "%.1f MB, %.1f MB of it outside the heap",
                                        last.residentBytes() / 1e6,
                                        last.offHeapBytes() / 1e6)
                                : "n/a");
                out.flush();
            }
        }
        if (last != null && last.residentKnown()) {
            resizedHeapNote(leastCommitted, mostCommitted).ifPresent(out::println);
        }
        return verdict(out, warmHeap, warmResident, last, differing);
    }

    /** What to say when the committed heap moved between rounds, which the figures outside the heap follow. */
    static Optional<String> resizedHeapNote(long leastCommitted, long mostCommitted) {
        if (mostCommitted <= leastCommitted) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "note: the JVM resized its heap during the run (%.1f to %.1f MB committed), and resident memory"
                        + " counts only the heap pages it touched, so the figures outside the heap move with it;"
                        + " for exact ones fix the heap: JAVA_OPTS=\"-Xms1g -Xmx1g -XX:+AlwaysPreTouch\"",
                leastCommitted / 1e6,
                mostCommitted / 1e6));
    }

    /** The round's training batches, moving through the training split. */
    private DataSet slice(DataSet train, int round) {
        int size = trainBatches * 64;
        int from = ((round - 1) * size) % Math.max(1, train.size() - size);
        return train.subset(from, Math.min(size, train.size()));
    }

    private int verdict(PrintWriter out, long warmHeap, long warmResident, MemoryUse last, long differing) {
        long heapGrowth = last.heapBytes() - warmHeap;
        long residentGrowth = last.offHeapBytes() - warmResident;
        out.printf(
                Locale.ROOT,
                "At the end against the warm-up's highest: heap in use %+.1f MB (allowed %d), resident outside the"
                        + " heap %s (allowed %d MB)%n",
                heapGrowth / 1e6,
                HEAP_SLACK >> 20,
                last.residentKnown() ? String.format(Locale.ROOT, "%+.1f MB", residentGrowth / 1e6) : "n/a",
                RESIDENT_SLACK >> 20);
        List<String> failures = new ArrayList<>();
        if (differing > 0) {
            failures.add(differing + " predictions on many threads differed from one thread's");
        }
        if (rounds > 1 && heapGrowth > HEAP_SLACK) {
            failures.add("the heap grew after the warm-up rounds");
        }
        if (rounds > 1 && last.residentKnown() && residentGrowth > RESIDENT_SLACK) {
            failures.add("resident memory outside the heap (native memory) grew after the warm-up rounds");
        }
        if (!failures.isEmpty()) {
            spec.commandLine().getErr().println("FAIL: " + String.join("; ", failures));
            return 1;
        }
        out.println("ok: memory held and every prediction agreed");
        return 0;
    }
}
