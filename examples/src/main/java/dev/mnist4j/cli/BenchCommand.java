package dev.mnist4j.cli;

import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.TrainConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Times a backend: training with the tutorial's recipe, inference in batches of 1,000, and the
 * latency of single images. The last line is one JSON object, for scripts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training speed, inference throughput and single-image latency of a backend.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    BackendOptions backendOptions = new BackendOptions();
    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();

    @Option(names = "--train-batches", defaultValue = "938",
            description = "training batches of 64 to time, after a warm-up (default: ${DEFAULT-VALUE}, one epoch)")
    int trainBatches;

    @Option(names = "--warmup-batches", defaultValue = "50", description = "untimed batches first (default: ${DEFAULT-VALUE})")
    int warmupBatches;

    @Option(names = "--latency-samples", defaultValue = "2000",
            description = "single-image predictions to time (default: ${DEFAULT-VALUE})")
    int latencySamples;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        BackendProvider backend = backendOptions.provider();
        TrainConfig config = TrainConfig.defaults().withThreads(backendOptions.threads())
                .withDevice(backendOptions.device()).withOptimizer(OptimizerConfig.sgd(0.01));
        DataModule data = dataOptions.open();
        DataSet train = data.train();
        DataSet test = data.test();
        try (DigitModel model = backend.newModel(config.seed(), config.device(), config.threads());
             TrainingEngine engine = backend.trainingEngine(model, config.optimizer())) {
            w.printf("Benchmark of %s (%s) on %s, %d threads (%s, %s)%n", backend.name(), backend.version(),
                    model.device(), config.threads(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
            w.flush();
            float[] logits = new float[64 * MnistCnn.CLASSES];
            // Training: the same shuffled batches a real epoch uses, prepared in the background.
            int done = 0;
            long seen = 0;
            long start = 0;
            for (int epoch = 1; done < warmupBatches + trainBatches; epoch++) {
                for (Batch b : train.batches(64, config.shuffleSeed(epoch), false)) {
                    if (done == warmupBatches) {
                        start = System.nanoTime();
                    }
                    engine.step(b, logits);
                    if (done >= warmupBatches) {
                        seen += b.count();
                    }
                    if (++done == warmupBatches + trainBatches) {
                        break;
                    }
                }
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            double trainRate = seen / trainSeconds;
            w.printf("training:  %,.0f samples/s, %.2f s per 60,000-image epoch%n", trainRate, 60_000 / trainRate);

            // Inference in batches of 1,000 over the test set, after one untimed pass.
            Batch[] chunks = new Batch[test.size() / 1000];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = test.slice(i * 1000, 1000);
            }
            model.logits(chunks[0].images(), 1000);
            long t0 = System.nanoTime();
            for (Batch c : chunks) {
                model.logits(c.images(), c.count());
            }
            double inferRate = chunks.length * 1000 / ((System.nanoTime() - t0) / 1e9);
            w.printf("inference: %,.0f images/s in batches of 1,000%n", inferRate);

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
            w.printf("latency:   p50 %.3f ms, p99 %.3f ms (single images)%n", p50, p99);
            long heap = peakHeapMb();
            w.printf("heap:      peak %d MB%n", heap);
            w.println(String.format(Locale.ROOT,
                    "{\"backend\":\"%s\",\"device\":\"%s\",\"threads\":%d,\"train_samples_per_s\":%.1f,"
                            + "\"epoch_s\":%.2f,\"infer_images_per_s\":%.1f,\"latency_p50_ms\":%.4f,"
                            + "\"latency_p99_ms\":%.4f,\"peak_heap_mb\":%d}",
                    backend.name(), model.device(), config.threads(), trainRate, 60_000 / trainRate, inferRate,
                    p50, p99, heap));
            w.flush();
        }
        return 0;
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
