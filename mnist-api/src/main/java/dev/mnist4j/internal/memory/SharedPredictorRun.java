package dev.mnist4j.internal.memory;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.predict.Prediction;
import dev.mnist4j.predict.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiPredicate;
import org.apiguardian.api.API;

/**
 * Many threads predicting with one {@link Predictor}: each thread takes every n-th prediction of a
 * run over a fixed list of images, and checks each answer against what is expected of that image.
 * The same pool serves a warm-up and the measured run, so threads, allocator arenas and compiled
 * code exist before memory is measured.
 */
@API(status = INTERNAL)
public final class SharedPredictorRun implements AutoCloseable {
    private final Predictor predictor;
    private final List<int[]> images;
    private final int threads;
    private final ExecutorService pool;

    public SharedPredictorRun(Predictor predictor, List<int[]> images, int threads) {
        this.predictor = predictor;
        this.images = images;
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads);
    }

    /** The predictor the threads share. */
    public Predictor predictor() {
        return predictor;
    }

    /** Makes {@code count} predictions over all threads; returns how many failed {@code expected}. */
    public long predict(int count, BiPredicate<Integer, Prediction> expected) throws Exception {
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            parts.add(pool.submit(() -> {
                long wrong = 0;
                for (int i = first; i < count; i += threads) {
                    int image = i % images.size();
                    if (!expected.test(image, predictor.predict(images.get(image)))) {
                        wrong++;
                    }
                }
                return wrong;
            }));
        }
        long wrong = 0;
        for (Future<Long> part : parts) {
            wrong += part.get();
        }
        return wrong;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
