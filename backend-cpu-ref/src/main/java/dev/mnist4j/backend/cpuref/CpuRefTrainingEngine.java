package dev.mnist4j.backend.cpuref;

import dev.mnist4j.data.Batch;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.OptimizerState;

/** One optimizer step: the model's loss and gradients, then the optimizer's update. */
final class CpuRefTrainingEngine implements TrainingEngine {
    private final CpuRefModel model;
    private final Optimizer optimizer;
    private final float[][] grads = Parameters.zerosLike();

    CpuRefTrainingEngine(CpuRefModel model, OptimizerConfig config) {
        this.model = model;
        this.optimizer = Optimizer.of(config);
    }

    @Override
    public OptimizerState optimizerState() {
        return optimizer.state();
    }

    @Override
    public void restoreOptimizerState(OptimizerState state) {
        optimizer.restore(state);
    }

    @Override
    public float step(Batch batch, float[] logits) {
        float loss = model.lossAndGradients(batch, logits, grads);
        Parameters p = model.parameters();
        optimizer.step(p.values, grads);
        p.changed();
        return loss;
    }
}
