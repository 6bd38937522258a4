package dev.mnist4j.data;

/**
 * A batch ready for a network: {@code count × 784} normalised pixels and {@code count} labels.
 *
 * @param index its position in the epoch, from 0
 */
public record Batch(int index, int count, float[] images, int[] labels) {
}
