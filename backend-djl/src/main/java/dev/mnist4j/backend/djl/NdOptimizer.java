package dev.mnist4j.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.OptimizerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's update rules (see {@link OptimizerConfig}) as in-place libtorch operations. DJL's own
 * optimizers follow MXNet's conventions (Adam's epsilon, for one), so they are not used.
 * Temporaries are closed at once: they would otherwise live as long as the model's manager.
 */
abstract class NdOptimizer {

    static NdOptimizer of(OptimizerConfig config) {
        if (config instanceof OptimizerConfig.Sgd sgd) {
            return new Sgd((float) sgd.learningRate(), (float) sgd.momentum());
        }
        return new Adam((OptimizerConfig.Adam) config);
    }

    /** Updates each parameter from its gradient, then zeroes the gradient for the next step. */
    final void step(List<NDArray> params) {
        beforeStep();
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            try (NDArray g = p.getGradient()) {
                update(i, p, g);
                g.subi(g);
            }
        }
    }

    void beforeStep() {
    }

    abstract void update(int index, NDArray param, NDArray grad);

    abstract OptimizerState state();

    /** Takes over a checked state; new arrays come from the model. */
    abstract void restore(OptimizerState state, DjlModel model);

    /** {@code b = μ·b + g} (b = g at first), {@code p -= lr·b}; plain SGD when μ = 0. */
    static final class Sgd extends NdOptimizer {
        private final float lr;
        private final float momentum;
        private List<NDArray> buffers = new ArrayList<>();
        private long steps;

        @Override
        void beforeStep() {
            steps++;
        }

        @Override
        OptimizerState state() {
            return new OptimizerState(momentum == 0f ? "sgd" : "momentum", steps, buffers.isEmpty() ? Map.of()
                    : Map.of(OptimizerState.MOMENTUM_BUFFER, DjlModel.asStateDict(buffers)));
        }

        @Override
        void restore(OptimizerState state, DjlModel model) {
            steps = state.step();
            buffers.forEach(NDArray::close);
            StateDict b = state.slots().get(OptimizerState.MOMENTUM_BUFFER);
            buffers = b == null ? new ArrayList<>() : new ArrayList<>(model.arraysOf(b));
        }

        Sgd(float lr, float momentum) {
            this.lr = lr;
            this.momentum = momentum;
        }

        @Override
        void update(int index, NDArray param, NDArray grad) {
            NDArray direction = grad;
            if (momentum != 0f) {
                if (buffers.size() <= index) {
                    buffers.add(grad.duplicate());
                } else {
                    buffers.get(index).muli(momentum).addi(grad);
                }
                direction = buffers.get(index);
            }
            try (NDArray delta = direction.mul(lr)) {
                param.subi(delta);
            }
        }
    }

    /** Adam with bias correction: {@code p -= lr/(1-β1ᵗ) · m / (√v / √(1-β2ᵗ) + ε)}. */
    static final class Adam extends NdOptimizer {
        private final OptimizerConfig.Adam config;
        private final float beta1;
        private final float beta2;
        private final float eps;
        private List<NDArray> m = new ArrayList<>();
        private List<NDArray> v = new ArrayList<>();
        private int step;
        private float stepSize;
        private float bias2Sqrt;

        Adam(OptimizerConfig.Adam c) {
            this.config = c;
            this.beta1 = (float) c.beta1();
            this.beta2 = (float) c.beta2();
            this.eps = (float) c.epsilon();
        }

        @Override
        OptimizerState state() {
            return new OptimizerState("adam", step, m.isEmpty() ? Map.of()
                    : Map.of(OptimizerState.EXP_AVG, DjlModel.asStateDict(m), OptimizerState.EXP_AVG_SQ,
                    DjlModel.asStateDict(v)));
        }

        @Override
        void restore(OptimizerState state, DjlModel model) {
            step = (int) state.step();
            m.forEach(NDArray::close);
            v.forEach(NDArray::close);
            m = step == 0 ? new ArrayList<>() : new ArrayList<>(model.arraysOf(state.slots().get(OptimizerState.EXP_AVG)));
            v = step == 0 ? new ArrayList<>() : new ArrayList<>(model.arraysOf(state.slots().get(OptimizerState.EXP_AVG_SQ)));
        }

        @Override
        void beforeStep() {
            step++;
            stepSize = (float) config.stepSize(step);
            bias2Sqrt = (float) config.secondMomentCorrection(step);
        }

        @Override
        void update(int index, NDArray param, NDArray grad) {
            if (m.size() <= index) {
                m.add(grad.zerosLike());
                v.add(grad.zerosLike());
            }
            NDArray mt = m.get(index);
            NDArray vt = v.get(index);
            try (NDArray g1 = grad.mul(1 - beta1); NDArray g2 = grad.square().muli(1 - beta2)) {
                mt.muli(beta1).addi(g1);
                vt.muli(beta2).addi(g2);
            }
            try (NDArray denom = vt.sqrt().divi(bias2Sqrt).addi(eps); NDArray delta = mt.div(denom).muli(stepSize)) {
                param.subi(delta);
            }
        }
    }
}
