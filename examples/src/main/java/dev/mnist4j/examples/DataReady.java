package dev.mnist4j.examples;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModule;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Tutorial step 1, {@code dataReady}: load MNIST, normalised as {@code Normalize((0.5,), (0.5,))},
 * and look at the splits and one shuffled batch of 64.
 * <pre>./mnist4j example DataReady [DATA_DIR]</pre>
 */
@API(status = INTERNAL)
public final class DataReady {
    public static void main(String[] args) {
        DataModule mnist = Examples.data(args, 0);
        System.out.printf(
                Locale.ROOT,
                "MNIST from %s: %,d training images, %,d test images%n",
                mnist.source(),
                mnist.train().size(),
                mnist.test().size());
        Batch batch = mnist.train().batches(64, 42L, false).iterator().next();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : batch.images()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        System.out.printf(
                Locale.ROOT,
                "one batch: images [%d, 1, 28, 28], labels [%d], pixel values %.1f to %.1f, first labels %d %d %d %d%n",
                batch.count(),
                batch.labels().length,
                min,
                max,
                batch.labels()[0],
                batch.labels()[1],
                batch.labels()[2],
                batch.labels()[3]);
    }
}
