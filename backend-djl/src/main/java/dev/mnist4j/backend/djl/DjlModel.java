package dev.mnist4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.mnist4j.core.Device;
import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import dev.mnist4j.spi.ModelEngine;
import dev.mnist4j.spi.TrainingEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CNN as a DJL block on libtorch. DJL names parameters by position ({@code 01Conv2d_weight});
 * they come in PyTorch's order, so the i-th DJL parameter is {@code MnistCnn.PARAMETERS.get(i)}.
 */
final class DjlModel implements ModelEngine {
    private final Device device;
    private final NDManager manager;
    private final SequentialBlock block;
    private final ParameterStore store;
    private final List<NDArray> parameters = new ArrayList<>();

    DjlModel(StateDict state, Device device, int threads) {
        this.device = device;
        ai.djl.Device djlDevice =
                device.kind() == Device.Kind.CUDA ? ai.djl.Device.gpu(device.index()) : ai.djl.Device.cpu();
        this.manager = LibTorch.engine().newBaseManager(djlDevice);
        LibTorch.setThreads(threads);
        try {
            this.block = MnistCnnBlock.create();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE));
            List<Parameter> params = block.getParameters().values();
            if (params.size() != MnistCnn.PARAMETERS.size()) {
                throw new IllegalStateException("DJL block has " + params.size() + " parameters, expected 8");
            }
            for (int i = 0; i < params.size(); i++) {
                NDArray array = params.get(i).getArray();
                long[] expected = Arrays.stream(MnistCnn.PARAMETERS.get(i).shape())
                        .asLongStream()
                        .toArray();
                if (!array.getShape().equals(new Shape(expected))) {
                    throw new IllegalStateException(
                            "DJL parameter " + params.get(i).getName() + " has shape " + array.getShape()
                                    + ", expected " + new Shape(expected));
                }
                parameters.add(array);
            }
            this.store = new ParameterStore(manager, false);
            load(state);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public StateDict state() {
        return asStateDict(parameters);
    }

    @Override
    public TrainingEngine newTrainingEngine() {
        return new DjlTrainingEngine(this);
    }

    /** Arrays laid out like the parameters (weights or optimizer buffers) as a state dict copy. */
    static StateDict asStateDict(List<NDArray> arrays) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (int i = 0; i < arrays.size(); i++) {
            MnistCnn.Parameter p = MnistCnn.PARAMETERS.get(i);
            map.put(p.name(), new Tensor(p.shape(), arrays.get(i).toFloatArray()));
        }
        return StateDict.of(map);
    }

    /** Fresh arrays on this model's device holding a checked state's tensors, in parameter order. */
    List<NDArray> arraysOf(StateDict state) {
        List<NDArray> out = new java.util.ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            MnistCnn.Parameter p = MnistCnn.PARAMETERS.get(i);
            try (NDArray wrapped =
                    manager.create(state.get(p.name()).data(), parameters.get(i).getShape())) {
                out.add(wrapped.toDevice(parameters.get(i).getDevice(), false).duplicate());
            }
        }
        return out;
    }

    @Override
    public void load(StateDict state) {
        LibTorch.noGrad();
        for (int i = 0; i < parameters.size(); i++) {
            MnistCnn.Parameter p = MnistCnn.PARAMETERS.get(i);
            NDArray target = parameters.get(i);
            // A fresh leaf tensor takes the parameter's place (intern swaps the native handle, so
            // the block keeps its array object); NDArray.set would go through a deprecated libtorch
            // mode that prints a warning.
            // (create() wraps Java-owned memory; the copy owns its own, which the swap needs.)
            try (NDArray wrapped = manager.create(state.get(p.name()).data(), target.getShape())) {
                NDArray fresh = wrapped.toDevice(target.getDevice(), false).duplicate();
                fresh.setRequiresGradient(true);
                target.intern(fresh);
            }
        }
    }

    @Override
    public float[] logits(float[] images, int count) {
        LibTorch.noGrad();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(images, new Shape(count, 1, MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE));
            return forward(x, false).toFloatArray();
        }
    }

    /** The logits of a batch already on the device; the result belongs to the input's manager. */
    NDArray forward(NDArray images, boolean training) {
        try {
            return block.forward(store, new NDList(images), training).singletonOrThrow();
        } catch (ai.djl.engine.EngineException e) {
            throw new Mnist4jException("libtorch failed in the forward pass on " + device + ": " + e.getMessage(), e);
        }
    }

    NDManager manager() {
        return manager;
    }

    /** The parameter arrays in {@link MnistCnn#PARAMETERS} order. */
    List<NDArray> parameters() {
        return parameters;
    }

    @Override
    public void close() {
        manager.close();
    }
}
