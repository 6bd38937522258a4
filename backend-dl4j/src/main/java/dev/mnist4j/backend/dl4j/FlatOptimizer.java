package dev.mnist4j.backend.dl4j;

import dev.mnist4j.model.StateDict;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.OptimizerState;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PyTorch's update rules (see {@link OptimizerConfig}) on DL4J's flat parameter and gradient
 * vectors. DL4J's own updaters differ: its {@code Nesterovs} is Nesterov momentum, and its Adam
 * puts epsilon outside the bias correction.
 */
abstract class FlatOptimizer {

    static FlatOptimizer of(OptimizerConfig config) {
        if (config instanceof OptimizerConfig.Sgd sgd) {
            return new Sgd((float) sgd.learningRate(), (float) sgd.momentum());
        }
        return new Adam((OptimizerConfig.Adam) config);
    }

    /** Updates {@code params} in place from {@code grads} (the same layout). */
    abstract void step(INDArray params, INDArray grads);

    abstract OptimizerState state(Dl4jModel model);

    /** Takes over a checked state, turned into the model's flat layout. */
    abstract void restore(OptimizerState state, Dl4jModel model);

    /** {@code b = μ·b + g} (b = g at first), {@code p -= lr·b}; plain SGD when μ = 0. */
    static final class Sgd extends FlatOptimizer {
        private final float lr;
        private final float momentum;
        private INDArray buffer;
        private long steps;

        Sgd(float lr, float momentum) {
            this.lr = lr;
            this.momentum = momentum;
        }

        @Override
        OptimizerState state(Dl4jModel model) {
            return new OptimizerState(momentum == 0f ? "sgd" : "momentum", steps, buffer == null ? Map.of()
                    : Map.of(OptimizerState.MOMENTUM_BUFFER, model.flatAsStateDict(buffer)));
        }

        @Override
        void restore(OptimizerState state, Dl4jModel model) {
            steps = state.step();
            StateDict b = state.slots().get(OptimizerState.MOMENTUM_BUFFER);
            buffer = b == null ? null : model.flatOf(b);
        }

        @Override
        void step(INDArray params, INDArray grads) {
            steps++;
            INDArray direction = grads;
            if (momentum != 0f) {
                buffer = buffer == null ? grads.dup() : buffer.muli(momentum).addi(grads);
                direction = buffer;
            }
            params.subi(direction.mul(lr));
        }
    }

    /** Adam with bias correction: {@code p -= lr/(1-β1ᵗ) · m / (√v / √(1-β2ᵗ) + ε)}. */
    static final class Adam extends FlatOptimizer {
        private final OptimizerConfig.Adam config;
        private final float beta1;
        private final float beta2;
        private final float eps;
        private INDArray m;
        private INDArray v;
        private int step;

        Adam(OptimizerConfig.Adam c) {
            this.config = c;
            this.beta1 = (float) c.beta1();
            this.beta2 = (float) c.beta2();
            this.eps = (float) c.epsilon();
        }

        @Override
        OptimizerState state(Dl4jModel model) {
            return new OptimizerState("adam", step, m == null ? Map.of()
                    : Map.of(OptimizerState.EXP_AVG, model.flatAsStateDict(m), OptimizerState.EXP_AVG_SQ,
                    model.flatAsStateDict(v)));
        }

        @Override
        void restore(OptimizerState state, Dl4jModel model) {
            step = (int) state.step();
            m = step == 0 ? null : model.flatOf(state.slots().get(OptimizerState.EXP_AVG));
            v = step == 0 ? null : model.flatOf(state.slots().get(OptimizerState.EXP_AVG_SQ));
        }

        @Override
        void step(INDArray params, INDArray grads) {
            if (m == null) {
                m = grads.ulike();
                v = grads.ulike();
                m.assign(0);
                v.assign(0);
            }
            step++;
            float stepSize = (float) config.stepSize(step);
            float bias2Sqrt = (float) config.secondMomentCorrection(step);
            m.muli(beta1).addi(grads.mul(1 - beta1));
            v.muli(beta2).addi(grads.mul(grads).muli(1 - beta2));
            INDArray denom = Transforms.sqrt(v, true).divi(bias2Sqrt).addi(eps);
            params.subi(m.div(denom).muli(stepSize));
        }
    }
}
