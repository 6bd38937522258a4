package dev.mnist4j.backend.cpuref;

import dev.mnist4j.data.Batch;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.spi.Update;
import dev.mnist4j.train.OptimizerState;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * cpu-ref's training: the model's loss and gradients, the update rules, and the optimizer's slots as
 * arrays, all in the kernels' layouts ({@link Parameters}); they are converted to PyTorch's only when
 * asked for. The chunks' gradients are summed in the update's own pass over the threads (or when
 * {@link #gradients()} asks first), which saves a pass and its hand-over per step.
 */
final class CpuRefTrainingEngine implements TrainingEngine {
    private final CpuRefModel model;
    private final float[][] grads = Parameters.zerosLike();
    /** Optimizer slots by name, allocated on first use. */
    private final Map<String, float[][]> slots = new HashMap<>();
    /** Whether the last forward-backward's chunk gradients are still to be summed into {@link #grads}. */
    private boolean unsummed;

    CpuRefTrainingEngine(CpuRefModel model) {
        this.model = model;
    }

    @Override
    public float forwardBackward(Batch batch, float[] logits) {
        float loss = model.forwardBackward(batch, logits);
        unsummed = true;
        return loss;
    }

    @Override
    public StateDict gradients() {
        if (unsummed) {
            unsummed = false;
            model.runner().eachPart((part, parts) -> model.sumGradients(grads, part, parts));
        }
        return Parameters.asStateDict(grads);
    }

    @Override
    public void update(Update update) {
        Parameters p = model.parameters();
        float[][] first = update instanceof Update.Momentum
                ? slot(OptimizerState.MOMENTUM_BUFFER, true)
                : update instanceof Update.Adam ? slot(OptimizerState.EXP_AVG, true) : null;
        float[][] second = update instanceof Update.Adam ? slot(OptimizerState.EXP_AVG_SQ, true) : null;
        boolean sum = unsummed;
        unsummed = false;
        // One pass over the threads: each part sums, updates and transposes the same rows
        // (Parameters.sliceStart), so no part reads what another writes.
        model.runner().eachPart((part, parts) -> {
            if (sum) {
                model.sumGradients(grads, part, parts);
            }
            UpdateRules.apply(update, p.values, grads, first, second, part, parts);
            p.transposed(part, parts);
        });
    }

    private float[][] slot(String name, boolean create) {
        float[][] s = slots.get(name);
        if (s == null && create) {
            s = Parameters.zerosLike();
            slots.put(name, s);
        }
        return s;
    }

    @Override
    public StateDict slot(String name) {
        float[][] s = slot(name, false);
        return Parameters.asStateDict(s == null ? Parameters.zerosLike() : s);
    }

    @Override
    public void setSlot(String name, StateDict value) {
        if (value == null) {
            float[][] s = slot(name, false);
            if (s != null) {
                for (float[] a : s) {
                    Arrays.fill(a, 0f);
                }
            }
        } else {
            slots.put(name, Parameters.arraysOf(value));
        }
    }
}
