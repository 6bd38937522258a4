package dev.mnist4j.data;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.model.MnistCnn;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * One split of a data set held in memory: 28×28 grey images as bytes, with labels 0–9. It hands
 * out normalised batches, shuffled per epoch from a seed, each prepared in a background thread
 * while the previous one is being used.
 */
@API(status = STABLE)
public final class DataSet {
    private final String name;
    private final byte[] pixels;
    private final byte[] labels;
    private final Normalization normalization;
    private final float[] table;

    /**
     * A split of {@code labels.length} images.
     *
     * @param name          names it in messages, e.g. {@code MNIST train}
     * @param pixels        28×28 grey bytes per image, image after image, row by row
     * @param labels        one digit 0–9 per image
     * @param normalization how its batches turn pixels into inputs
     *     <p>The arrays are taken over, not copied (a training set is 47 MB): do not change them
     *     afterwards.
     * @throws InvalidDataException when the pixel and label counts do not fit, or a label is outside
     *     0–9
     */
    public DataSet(String name, byte[] pixels, byte[] labels, Normalization normalization) {
        if ((long) labels.length * MnistCnn.PIXELS != pixels.length) {
            throw new InvalidDataException(name + ": " + pixels.length + " pixel bytes for " + labels.length
                    + " labels; each image needs 784 (28×28), and the image and label files must belong together");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= MnistCnn.CLASSES) {
                throw new InvalidDataException(
                        name + ": label " + (labels[i] & 0xff) + " at index " + i + " is outside 0–9");
            }
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.normalization = normalization;
        this.table = normalization.table();
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    public Normalization normalization() {
        return normalization;
    }

    /** SHA-256 (hex) of the labels then the pixels, in order: which data a model was trained on. */
    public String sha256() {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            d.update(labels);
            d.update(pixels);
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Image {@code i} as 784 raw pixel values 0–255. */
    public int[] rawImage(int i) {
        int[] out = new int[MnistCnn.PIXELS];
        int base = i * MnistCnn.PIXELS;
        for (int p = 0; p < out.length; p++) {
            out[p] = pixels[base + p] & 0xff;
        }
        return out;
    }

    /** Image {@code i} as a 28×28 grey picture (a light digit on black, as MNIST stores it). */
    public java.awt.image.BufferedImage image(int i) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(
                MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE, rawImage(i));
        return img;
    }

    /** Images {@code from .. from+count-1} as a split of their own (a copy), e.g. for quick experiments. */
    public DataSet subset(int from, int count) {
        if (from < 0 || count < 0 || from + count > size()) {
            throw new IllegalArgumentException("subset [" + from + ", " + (from + count) + ") is outside 0.." + size());
        }
        byte[] px = java.util.Arrays.copyOfRange(pixels, from * MnistCnn.PIXELS, (from + count) * MnistCnn.PIXELS);
        byte[] lb = java.util.Arrays.copyOfRange(labels, from, from + count);
        return new DataSet(name + "[" + from + ".." + (from + count) + ")", px, lb, normalization);
    }

    /** A training split and the validation split held out of it. */
    @API(status = STABLE)
    public record Split(DataSet train, DataSet validation) {}

    /**
     * Holds {@code count} images, chosen at random from {@code seed}, out of this split: two new
     * splits (copies, in stored order) that share no image.
     *
     * @throws IllegalArgumentException unless {@code 0 < count < size()}
     */
    public Split holdOut(int count, long seed) {
        if (count < 1 || count >= size()) {
            throw new IllegalArgumentException("a validation split must hold at least 1 image and fewer than the "
                    + size() + " of " + name + ", was " + count);
        }
        boolean[] held = new boolean[size()];
        int[] order = order(seed);
        for (int i = 0; i < count; i++) {
            held[order[i]] = true;
        }
        return new Split(pick(held, false, name + " minus validation"), pick(held, true, name + " validation"));
    }

    private DataSet pick(boolean[] held, boolean which, String newName) {
        int n = 0;
        for (boolean h : held) {
            n += h == which ? 1 : 0;
        }
        byte[] px = new byte[n * MnistCnn.PIXELS];
        byte[] lb = new byte[n];
        int j = 0;
        for (int i = 0; i < held.length; i++) {
            if (held[i] == which) {
                System.arraycopy(pixels, i * MnistCnn.PIXELS, px, j * MnistCnn.PIXELS, MnistCnn.PIXELS);
                lb[j++] = labels[i];
            }
        }
        return new DataSet(newName, px, lb, normalization);
    }

    /** Images {@code from .. from+count-1}, normalised, as one batch in order. */
    public Batch slice(int from, int count) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = from + i;
        }
        return batch(0, order, 0, count);
    }

    /**
     * The batches of one pass over this split.
     *
     * @param shuffleSeed the seed of this pass's order, or {@code null} to keep the stored order
     * @param dropLast    whether to leave out a last batch smaller than {@code batchSize}
     */
    public Iterable<Batch> batches(int batchSize, Long shuffleSeed, boolean dropLast) {
        return batches(batchSize, shuffleSeed, dropLast, Augmentation.NONE);
    }

    /**
     * The batches of one pass over this split, each image distorted by {@code augmentation}; an
     * image's distortion depends only on the shuffle seed and its place in the pass.
     */
    public Iterable<Batch> batches(int batchSize, Long shuffleSeed, boolean dropLast, Augmentation augmentation) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
        }
        int[] order = order(shuffleSeed);
        int full = size() / batchSize;
        int count = dropLast || size() % batchSize == 0 ? full : full + 1;
        long seed = shuffleSeed == null ? 0 : shuffleSeed;
        return () -> new PrefetchingIterator(order, batchSize, count, augmentation, seed);
    }

    /** The number of batches {@link #batches} yields. */
    public int batchCount(int batchSize, boolean dropLast) {
        return dropLast ? size() / batchSize : (size() + batchSize - 1) / batchSize;
    }

    private int[] order(Long seed) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (seed != null) { // Fisher–Yates
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private Batch batch(int index, int[] order, int from, int count) {
        return batch(index, order, from, count, Augmentation.NONE, 0);
    }

    private Batch batch(int index, int[] order, int from, int count, Augmentation augmentation, long seed) {
        float[] x = new float[count * MnistCnn.PIXELS];
        int[] y = new int[count];
        boolean distort = !augmentation.isNone();
        for (int b = 0; b < count; b++) {
            int src = order[from + b];
            y[b] = labels[src];
            int in = src * MnistCnn.PIXELS;
            int out = b * MnistCnn.PIXELS;
            if (distort) {
                augmentation.apply(pixels, in, x, out, imageSeed(seed, from + b));
                for (int p = out; p < out + MnistCnn.PIXELS; p++) {
                    x[p] = normalization.apply(x[p]);
                }
            } else {
                for (int p = 0; p < MnistCnn.PIXELS; p++) {
                    x[out + p] = table[pixels[in + p] & 0xff];
                }
            }
        }
        return new Batch(index, count, x, y);
    }

    /** The seed of the image at {@code position} in a pass: a MurmurHash3 mix of the two. */
    private static long imageSeed(long passSeed, int position) {
        long z = passSeed + 0x9E3779B97F4A7C15L * (position + 1L);
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** Prepares batch i+1 on a background thread while the caller works on batch i. */
    private final class PrefetchingIterator implements Iterator<Batch> {
        private final int[] order;
        private final int batchSize;
        private final int count;
        private final Augmentation augmentation;
        private final long seed;
        // One worker that ends itself when idle, so an abandoned iterator leaks no thread.
        private final ThreadPoolExecutor worker =
                new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "mnist4j-batch-prefetch");
                    t.setDaemon(true);
                    return t;
                });
        private int next;
        private CompletableFuture<Batch> pending;

        PrefetchingIterator(int[] order, int batchSize, int count, Augmentation augmentation, long seed) {
            this.order = order;
            this.batchSize = batchSize;
            this.count = count;
            this.augmentation = augmentation;
            this.seed = seed;
            this.pending = count > 0 ? submit(0) : null;
        }

        private CompletableFuture<Batch> submit(int i) {
            int from = i * batchSize;
            int n = Math.min(batchSize, order.length - from);
            return CompletableFuture.supplyAsync(() -> batch(i, order, from, n, augmentation, seed), worker);
        }

        @Override
        public boolean hasNext() {
            return next < count;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Batch current;
            try {
                current = pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while preparing a batch", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("preparing a batch failed", e.getCause());
            }
            next++;
            pending = next < count ? submit(next) : null;
            if (pending == null) {
                worker.shutdown();
            }
            return current;
        }
    }
}
