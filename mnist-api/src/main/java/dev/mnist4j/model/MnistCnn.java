package dev.mnist4j.model;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The tutorial's CNN, the one model every backend implements:
 * {@code conv1 Conv2d(1,32,3) → ReLU → MaxPool2d(2) → conv2 Conv2d(32,64,3) → ReLU → MaxPool2d(2)
 * → flatten(1600) → fc1 Linear(1600,64) → ReLU → fc2 Linear(64,10)}.
 */
@API(status = STABLE)
public final class MnistCnn {
    public static final int IMAGE_SIZE = 28;
    public static final int PIXELS = IMAGE_SIZE * IMAGE_SIZE;
    public static final int CLASSES = 10;
    public static final int FLAT_FEATURES = 64 * 5 * 5;

    /**
     * A learnable tensor: its PyTorch name and shape, and the fan-in PyTorch's default init uses.
     */
    public record Parameter(String name, int[] shape, int fanIn) {
        public int size() {
            return (int) Tensor.elementCount(shape);
        }
    }

    /** The parameters in PyTorch's {@code state_dict()} order. */
    public static final List<Parameter> PARAMETERS = List.of(
            new Parameter("conv1.weight", new int[] {32, 1, 3, 3}, 9),
            new Parameter("conv1.bias", new int[] {32}, 9),
            new Parameter("conv2.weight", new int[] {64, 32, 3, 3}, 288),
            new Parameter("conv2.bias", new int[] {64}, 288),
            new Parameter("fc1.weight", new int[] {64, FLAT_FEATURES}, FLAT_FEATURES),
            new Parameter("fc1.bias", new int[] {64}, FLAT_FEATURES),
            new Parameter("fc2.weight", new int[] {CLASSES, 64}, 64),
            new Parameter("fc2.bias", new int[] {CLASSES}, 64));

    /** 121,930. */
    public static final long PARAMETER_COUNT =
            PARAMETERS.stream().mapToLong(Parameter::size).sum();

    private MnistCnn() {}
}
