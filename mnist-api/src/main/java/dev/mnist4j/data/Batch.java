package dev.mnist4j.data;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * A batch ready for a network: {@code count × 784} normalised pixels, image after image, and
 * {@code count} labels. It is a carrier handed from the data to a backend once per training step,
 * so it shares its arrays rather than copying them: treat them as read-only.
 */
@API(status = STABLE)
public final class Batch {
    private final int index;
    private final int count;
    private final float[] images;
    private final int[] labels;

    /**
     * @param index  its position in the epoch, from 0
     * @param count  how many images
     * @param images {@code count × 784} normalised pixels
     * @param labels {@code count} digits 0–9
     */
    public Batch(int index, int count, float[] images, int[] labels) {
        if (images.length != count * 784 || labels.length != count) {
            throw new IllegalArgumentException("a batch of " + count + " needs " + count * 784 + " pixels and " + count
                    + " labels, got " + images.length + " and " + labels.length);
        }
        this.index = index;
        this.count = count;
        this.images = images;
        this.labels = labels;
    }

    /** Its position in the epoch, from 0. */
    public int index() {
        return index;
    }

    public int count() {
        return count;
    }

    /** The normalised pixels, shared with the batch: do not modify. */
    public float[] images() {
        return images;
    }

    /** The labels, shared with the batch: do not modify. */
    public int[] labels() {
        return labels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Batch b
                && index == b.index
                && count == b.count
                && Arrays.equals(images, b.images)
                && Arrays.equals(labels, b.labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + Arrays.hashCode(images)) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "Batch{index=" + index + ", count=" + count + "}";
    }
}
