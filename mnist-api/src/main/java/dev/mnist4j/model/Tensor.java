package dev.mnist4j.model;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * An immutable dense float tensor in C order (row-major): the only tensor type that crosses the
 * API. The values are copied in on construction and out by {@link #data()}, so no caller can change
 * a tensor, or a model's state, through an array it holds.
 */
@API(status = STABLE)
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    /**
     * A tensor of the given shape holding a copy of {@code data}.
     *
     * @param shape its dimensions
     * @param data  its values, {@code product(shape)} of them, in C order
     */
    public Tensor(int[] shape, float[] data) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data.clone();
    }

    /** The number of values a tensor of this shape holds. */
    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Its dimensions (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Its values in C order (a copy). */
    public float[] data() {
        return data.clone();
    }

    /** The value at a flat C-order index. */
    public float get(int index) {
        return data[index];
    }

    /** Copies the values, in C order, into {@code target} from {@code offset}: no intermediate array. */
    public void copyTo(float[] target, int offset) {
        System.arraycopy(data, 0, target, offset, data.length);
    }

    public int size() {
        return data.length;
    }

    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** The index of the first value that is NaN or infinite, or -1. */
    public int firstNonFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString();
    }
}
