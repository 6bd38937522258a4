package dev.mnist4j.model;

import java.util.Arrays;

/**
 * A dense float tensor in C order (row-major): the only tensor type that crosses the API.
 *
 * @param shape its dimensions
 * @param data  its values, {@code product(shape)} of them, in C order
 */
public record Tensor(int[] shape, float[] data) {

    public Tensor {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
    }

    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public int size() {
        return data.length;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** A deep copy, so a caller cannot change a model's state through it. */
    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
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
