package dev.mnist4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.mnist4j.Mnist4jException;
import dev.mnist4j.data.Batch;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.OptimizerState;

/** One step on libtorch: forward, softmax cross-entropy (mean over the batch), backward, update. */
final class DjlTrainingEngine implements TrainingEngine {
    private static final Loss LOSS = Loss.softmaxCrossEntropyLoss();
    private final DjlModel model;
    private final NdOptimizer optimizer;

    DjlTrainingEngine(DjlModel model, OptimizerConfig config) {
        this.model = model;
        this.optimizer = NdOptimizer.of(config);
    }

    @Override
    public OptimizerState optimizerState() {
        return optimizer.state();
    }

    @Override
    public void restoreOptimizerState(OptimizerState state) {
        optimizer.restore(state, model);
    }

    @Override
    public float step(Batch batch, float[] logits) {
        int n = batch.count();
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = batch.labels()[i];
        }
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = scope.create(batch.images(), new Shape(n, 1, MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE));
            NDArray y = scope.create(labels);
            float loss;
            try (GradientCollector collector = LibTorch.engine().newGradientCollector()) {
                NDArray out = model.forward(x, true);
                NDArray lossArray = LOSS.evaluate(new NDList(y), new NDList(out));
                collector.backward(lossArray);
                System.arraycopy(out.toFloatArray(), 0, logits, 0, n * MnistCnn.CLASSES);
                loss = lossArray.getFloat();
            } catch (ai.djl.engine.EngineException e) {
                throw new Mnist4jException("libtorch failed in a training step: " + e.getMessage(), e);
            }
            LibTorch.noGrad();
            optimizer.step(model.parameters());
            return loss;
        }
    }
}
