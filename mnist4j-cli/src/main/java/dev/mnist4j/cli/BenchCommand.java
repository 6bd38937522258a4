package dev.mnist4j.cli;

import dev.mnist4j.Backend;
import dev.mnist4j.BackendStatus;
import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.core.Capability;
import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.train.TrainConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Times backends: training with the tutorial's recipe, inference in batches of 1,000, and the
 * latency of single images. Several backends ({@code --backend cpu-ref,djl} or {@code all}) run one
 * after the other in the same JVM, then a table compares them with the first. The last line is one
 * JSON object, for scripts: one backend's figures, or {@code {"results":[...]}} for several.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure training speed, inference throughput and single-image latency of backends.",
            "--backend takes one name, a comma-separated list, or 'all' (every available backend)."
        })
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();

    @Option(
            names = "--train-batches",
            defaultValue = "938",
            description = "training batches of 64 to time, after a warm-up (default: ${DEFAULT-VALUE}, one epoch)")
    int trainBatches;

    @Option(
            names = "--warmup-batches",
            defaultValue = "50",
            description = "untimed batches first (default: ${DEFAULT-VALUE})")
    int warmupBatches;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "3",
            description = "repeat the untimed batches until this many seconds have passed (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(
            names = "--latency-samples",
            defaultValue = "2000",
            description = "single-image predictions to time (default: ${DEFAULT-VALUE})")
    int latencySamples;

    /** One backend's figures. */
    record Result(
            String backend,
            String device,
            int threads,
            double trainRate,
            double inferRate,
            double p50,
            double p99,
            long heapMb) {
        double epochSeconds() {
            return 60_000 / trainRate;
        }

        String json() {
            String json = String.format(
                    Locale.ROOT,
                    "{\"backend\":\"%s\",\"device\":\"%s\",\"threads\":%d,\"train_samples_per_s\":%.1f,"
                            + "\"epoch_s\":%.2f,\"infer_images_per_s\":%.1f,\"latency_p50_ms\":%.4f,"
                            + "\"latency_p99_ms\":%.4f,\"peak_heap_mb\":%d}",
                    backend,
                    device,
                    threads,
                    trainRate,
                    epochSeconds(),
                    inferRate,
                    p50,
                    p99,
                    heapMb);
            // an inference-only backend has no training figures: null, not NaN
            return json.replace("NaN", "null");
        }
    }

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        List<Backend> backends = backends();
        DataModule data = dataOptions.open();
        w.printf(
                Locale.ROOT,
                "Machine: %d cores, %s %s; Java %s (%s)%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
        List<Result> results = new ArrayList<>();
        for (Backend backend : backends) {
            Result r = measure(backend, data, w);
            results.add(r);
            if (backends.size() > 1) {
                w.println(r.json());
            }
        }
        if (backends.size() == 1) {
            w.println(results.get(0).json());
        } else {
            compare(results, w);
            w.println(results.stream().map(Result::json).collect(Collectors.joining(",", "{\"results\":[", "]}")));
        }
        w.flush();
        return 0;
    }

    private List<Backend> backends() {
        String names = backendOptions.backend;
        if (names == null || !(names.contains(",") || names.equals("all"))) {
            return List.of(backendOptions.backend());
        }
        if (names.equals("all")) {
            return Backends.list().stream()
                    .filter(BackendStatus::available)
                    .map(b -> Backends.get(b.name()))
                    .toList();
        }
        return Arrays.stream(names.split(","))
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .map(Backends::get)
                .toList();
    }

    private Result measure(Backend backend, DataModule data, PrintWriter w) {
        // The tutorial's recipe, trained through the user's API: what a user's epoch costs.
        TrainConfig recipe = TrainConfig.defaults().withEpochs(1).withEvaluateEachEpoch(false);
        ModelOptions options = backendOptions.options();
        DataSet train = data.train();
        DataSet test = data.test();
        try (DigitModel model = backend.newModel(options.withSeed(recipe.seed()))) {
            w.printf(
                    Locale.ROOT,
                    "Benchmark of %s (%s) on %s, %d threads%n",
                    backend.name(),
                    backend.version(),
                    model.device(),
                    model.threads());
            w.flush();
            double trainRate = backend.can(Capability.TRAINING) ? train(model, recipe, train, test) : Double.NaN;
            if (Double.isNaN(trainRate)) {
                resetPeakHeap();
                w.println("training:  - (inference only)");
            } else {
                w.printf(
                        Locale.ROOT,
                        "training:  %,.0f samples/s, %.2f s per 60,000-image epoch%n",
                        trainRate,
                        60_000 / trainRate);
            }

            // Inference in batches of 1,000 (fewer with a smaller test set) over the test set, after one untimed pass.
            int size = Math.min(1000, test.size());
            Batch[] chunks = new Batch[test.size() / size];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = test.slice(i * size, size);
            }
            model.logits(chunks[0].images(), size);
            long t0 = System.nanoTime();
            for (Batch c : chunks) {
                model.logits(c.images(), c.count());
            }
            double inferRate = chunks.length * size / ((System.nanoTime() - t0) / 1e9);
            w.printf(Locale.ROOT, "inference: %,.0f images/s in batches of %,d%n", inferRate, size);

            // Latency of one image at a time.
            long[] nanos = new long[latencySamples];
            for (int i = 0; i < latencySamples + 200; i++) {
                Batch one = test.slice(i % test.size(), 1);
                long s = System.nanoTime();
                model.logits(one.images(), 1);
                if (i >= 200) {
                    nanos[i - 200] = System.nanoTime() - s;
                }
            }
            Arrays.sort(nanos);
            double p50 = nanos[nanos.length / 2] / 1e6;
            double p99 = nanos[(int) (nanos.length * 0.99)] / 1e6;
            w.printf(Locale.ROOT, "latency:   p50 %.3f ms, p99 %.3f ms (single images)%n", p50, p99);
            long heap = peakHeapMb();
            w.printf(Locale.ROOT, "heap:      peak %d MB (after the warm-up)%n", heap);
            w.flush();
            return new Result(
                    backend.name(), model.device().toString(), model.threads(), trainRate, inferRate, p50, p99, heap);
        }
    }

    /** Images per second of the tutorial's recipe, after a warm-up. */
    private double train(DigitModel model, TrainConfig recipe, DataSet train, DataSet test) {
        // Warm-up: the JIT compiles the kernels, native engines allocate their pools. By time as
        // well as by batches: 50 batches are 8 s of DL4J's but 0.15 s of cpu-ref's, and the JIT
        // was still compiling cpu-ref's hot methods (-XX:+PrintCompilation) well after those.
        if (warmupBatches > 0) {
            long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
            DataModule warmUp = DataModules.of("warm-up", first(train, warmupBatches * 64), test);
            do {
                model.newTrainer(recipe).fit(warmUp);
            } while (System.nanoTime() < until);
        }
        // The heap's peak counts from here: the warm-up's garbage (code not yet compiled
        // allocates) says little about what training needs.
        resetPeakHeap();
        DataSet timed = first(train, trainBatches * recipe.batchSize());
        long start = System.nanoTime();
        model.newTrainer(recipe).fit(DataModules.of("timed", timed, test));
        return timed.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** The first {@code n} images of a split (all of it, not a copy, when it has no more). */
    private static DataSet first(DataSet split, int n) {
        return n >= split.size() ? split : split.subset(0, n);
    }

    /** A table of the figures, with each backend's ratio to the first one's (higher is better). */
    private static void compare(List<Result> results, PrintWriter w) {
        Result base = results.get(0);
        w.printf(Locale.ROOT, "%nCompared with %s (x = times as good):%n", base.backend());
        w.printf(
                Locale.ROOT,
                "%-11s %16s %10s %22s %22s %10s%n",
                "backend",
                "train samples/s",
                "epoch s",
                "inference images/s",
                "latency p50 / p99 ms",
                "peak heap");
        for (Result r : results) {
            String training = Double.isNaN(r.trainRate())
                    ? String.format(Locale.ROOT, "%16s %10s", "-", "-") // inference only
                    : String.format(
                            Locale.ROOT,
                            "%8.0f (%5.2fx) %10.2f",
                            r.trainRate(),
                            r.trainRate() / base.trainRate(),
                            r.epochSeconds());
            w.printf(
                    Locale.ROOT,
                    "%-11s %s %13.0f (%5.2fx) %9.3f / %-7.3f (%5.2fx) %7d MB%n",
                    r.backend(),
                    training,
                    r.inferRate(),
                    r.inferRate() / base.inferRate(),
                    r.p50(),
                    r.p99(),
                    base.p50() / r.p50(),
                    r.heapMb());
        }
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }
}
