package dev.mnist4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.data.Batch;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.spi.Update;
import dev.mnist4j.train.OptimizerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Training on libtorch: forward, softmax cross-entropy (mean over the batch), backward into each
 * parameter's gradient; updates as in-place libtorch operations, with the optimizer's slots as
 * arrays on the model's device.
 */
final class DjlTrainingEngine implements TrainingEngine {
    private static final Loss LOSS = Loss.softmaxCrossEntropyLoss();
    private final DjlModel model;
    /** Optimizer slots by name, one array per parameter, allocated on first use. */
    private final Map<String, List<NDArray>> slots = new HashMap<>();

    DjlTrainingEngine(DjlModel model) {
        this.model = model;
    }

    @Override
    public float forwardBackward(Batch batch, float[] logits) {
        int n = batch.count();
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = batch.labels()[i];
        }
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = scope.create(batch.images(), new Shape(n, 1, MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE));
            NDArray y = scope.create(labels);
            try (GradientCollector collector = LibTorch.engine().newGradientCollector()) {
                NDArray out = model.forward(x, true);
                NDArray lossArray = LOSS.evaluate(new NDList(y), new NDList(out));
                collector.backward(lossArray);
                System.arraycopy(out.toFloatArray(), 0, logits, 0, n * MnistCnn.CLASSES);
                return lossArray.getFloat();
            } catch (ai.djl.engine.EngineException e) {
                throw new Mnist4jException("libtorch failed in a training step: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public StateDict gradients() {
        List<NDArray> grads = new ArrayList<>();
        for (NDArray p : model.parameters()) {
            grads.add(p.getGradient());
        }
        try {
            return DjlModel.asStateDict(grads);
        } finally {
            grads.forEach(NDArray::close);
        }
    }

    @Override
    public void update(Update update) {
        LibTorch.noGrad();
        List<NDArray> params = model.parameters();
        List<NDArray> first = update instanceof Update.Momentum
                ? arrays(OptimizerState.MOMENTUM_BUFFER)
                : update instanceof Update.Adam ? arrays(OptimizerState.EXP_AVG) : null;
        List<NDArray> second = update instanceof Update.Adam ? arrays(OptimizerState.EXP_AVG_SQ) : null;
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            try (NDArray g = p.getGradient()) {
                NdUpdateRules.apply(
                        update, p, g, first == null ? null : first.get(i), second == null ? null : second.get(i));
                if (!(update instanceof Update.WeightDecay)) { // the decay comes first; the step needs the gradient
                    g.subi(g); // DJL's collector does not zero gradients
                }
            }
        }
    }

    /** The slot's arrays, zeros on first use. */
    private List<NDArray> arrays(String name) {
        return slots.computeIfAbsent(name, n -> {
            List<NDArray> zeros = new ArrayList<>();
            for (NDArray p : model.parameters()) {
                zeros.add(p.zerosLike());
            }
            return zeros;
        });
    }

    @Override
    public StateDict slot(String name) {
        return DjlModel.asStateDict(arrays(name));
    }

    @Override
    public void setSlot(String name, StateDict value) {
        List<NDArray> old = slots.remove(name);
        if (old != null) {
            old.forEach(NDArray::close);
        }
        if (value != null) {
            slots.put(name, new ArrayList<>(model.arraysOf(value)));
        }
    }

    @Override
    public void close() {
        slots.values().forEach(list -> list.forEach(NDArray::close));
        slots.clear();
    }
}
