package dev.mnist4j;

import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.spi.Update;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.OptimizerState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's bookkeeping, the same for every backend: its kind, its step count, the names of
 * its slots, restoring a saved state, and the constants of each update (PyTorch's rules). The
 * backend's {@link TrainingEngine} does only the arithmetic.
 */
final class OptimizerRun {
    private final OptimizerConfig config;
    private final TrainingEngine engine;
    private long step;

    OptimizerRun(OptimizerConfig config, TrainingEngine engine) {
        this.config = config;
        this.engine = engine;
    }

    /** Applies one update from the engine's gradients. */
    void update() {
        step++;
        engine.update(next());
    }

    private Update next() {
        if (config instanceof OptimizerConfig.Sgd sgd) {
            return sgd.momentum() == 0
                    ? new Update.Sgd((float) sgd.learningRate())
                    : new Update.Momentum((float) sgd.learningRate(), (float) sgd.momentum(), step == 1);
        }
        OptimizerConfig.Adam adam = (OptimizerConfig.Adam) config;
        return new Update.Adam(
                (float) adam.beta1(),
                (float) adam.beta2(),
                (float) adam.epsilon(),
                (float) adam.stepSize((int) step),
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
