package dev.mnist4j;

import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.spi.Update;
import dev.mnist4j.train.LrSchedule;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.OptimizerState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's bookkeeping, the same for every backend: its kind, its step count, the names of
 * its slots, restoring a saved state, its learning-rate schedule, and the constants of each update
 * (PyTorch's rules). The backend's {@link TrainingEngine} does only the arithmetic.
 */
final class OptimizerRun {
    private final OptimizerConfig config;
    private final LrSchedule schedule;
    private final TrainingEngine engine;
    private long step;

    OptimizerRun(OptimizerConfig config, LrSchedule schedule, TrainingEngine engine) {
        this.config = config;
        this.schedule = schedule;
        this.engine = engine;
    }

    /** Applies one update from the engine's gradients, {@code epochsDone} epochs into the run. */
    void update(int epochsDone) {
        step++;
        long scheduled = schedule.perBatch() ? step - 1 : epochsDone;
        double lr = schedule.learningRate(config.learningRate(), scheduled);
        if (config.weightDecay() != 0) {
            engine.update(
                    config instanceof OptimizerConfig.AdamW
                            ? new Update.WeightDecay(0, (float) (1 - lr * config.weightDecay()))
                            : new Update.WeightDecay((float) config.weightDecay(), 1));
        }
        engine.update(next(lr, scheduled));
    }

    private Update next(double lr, long scheduled) {
        if (config instanceof OptimizerConfig.Sgd sgd) {
            return sgd.momentum() == 0
                    ? new Update.Sgd((float) lr)
                    : new Update.Momentum((float) lr, (float) schedule.momentum(sgd.momentum(), scheduled), step == 1);
        }
        OptimizerConfig.Adam adam =
                config instanceof OptimizerConfig.AdamW w ? w.adam() : (OptimizerConfig.Adam) config;
        double beta1 = schedule.momentum(adam.beta1(), scheduled);
        return new Update.Adam(
                (float) beta1,
                (float) adam.beta2(),
                (float) adam.epsilon(),
                (float) (lr / (1 - Math.pow(beta1, step))),
                (float) adam.secondMomentCorrection((int) step));
    }

    /** The state now, with PyTorch's names: no slots before the first step. */
    OptimizerState state() {
        Map<String, StateDict> slots = new LinkedHashMap<>();
        if (step > 0) {
            for (String slot : OptimizerState.slotsOf(config.kind())) {
                slots.put(slot, engine.slot(slot));
            }
        }
        return new OptimizerState(config.kind(), step, slots);
    }

    /**
     * Continues from a saved state: checked against this optimizer first; every slot of this kind
     * is set from it, or cleared when the state has none (a state of step 0).
     */
    void restore(OptimizerState state) {
        state.requireFor(config);
        for (String slot : OptimizerState.slotsOf(config.kind())) {
            engine.setSlot(slot, state.slots().get(slot));
        }
        step = state.step();
    }
}
