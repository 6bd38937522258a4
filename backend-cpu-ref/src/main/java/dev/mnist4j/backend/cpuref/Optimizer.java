package dev.mnist4j.backend.cpuref;

import dev.mnist4j.model.StateDict;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.OptimizerState;
import java.util.Map;

/** Applies gradients to parameters in place, with PyTorch's update rules (see {@link OptimizerConfig}). */
interface Optimizer {

    void step(float[][] params, float[][] grads);

    OptimizerState state();

    void restore(OptimizerState state);

    static Optimizer of(OptimizerConfig config) {
        if (config instanceof OptimizerConfig.Sgd sgd) {
            return new Sgd((float) sgd.learningRate(), (float) sgd.momentum());
        }
        OptimizerConfig.Adam adam = (OptimizerConfig.Adam) config;
        return new Adam(adam);
    }

    /** {@code torch.optim.SGD}: {@code b = μ·b + g} (b = g on the first step), {@code p -= lr·b}. */
    final class Sgd implements Optimizer {
        private final float lr;
        private final float momentum;
        private float[][] buffers;
        private long steps;

        Sgd(float lr, float momentum) {
            this.lr = lr;
            this.momentum = momentum;
        }

        @Override
        public OptimizerState state() {
            String kind = momentum == 0f ? "sgd" : "momentum";
            return new OptimizerState(kind, steps, buffers == null ? Map.of()
                    : Map.of(OptimizerState.MOMENTUM_BUFFER, Parameters.asStateDict(buffers)));
        }

        @Override
        public void restore(OptimizerState state) {
            steps = state.step();
            StateDict b = state.slots().get(OptimizerState.MOMENTUM_BUFFER);
            buffers = b == null ? null : Parameters.arraysOf(b);
        }

        @Override
        public void step(float[][] params, float[][] grads) {
            steps++;
            if (momentum == 0f) {
                for (int t = 0; t < params.length; t++) {
                    float[] p = params[t];
                    float[] g = grads[t];
                    for (int i = 0; i < p.length; i++) {
                        p[i] -= lr * g[i];
                    }
                }
                return;
            }
            boolean first = buffers == null;
            if (first) {
                buffers = Parameters.zerosLike();
            }
            for (int t = 0; t < params.length; t++) {
                float[] p = params[t];
                float[] g = grads[t];
                float[] b = buffers[t];
                for (int i = 0; i < p.length; i++) {
                    b[i] = first ? g[i] : momentum * b[i] + g[i];
                    p[i] -= lr * b[i];
                }
            }
        }
    }

    /** {@code torch.optim.Adam} (no weight decay, no amsgrad). */
    final class Adam implements Optimizer {
        private final OptimizerConfig.Adam config;
        private final float beta1;
        private final float beta2;
        private final float eps;
        private final float[][] m = Parameters.zerosLike();
        private final float[][] v = Parameters.zerosLike();
        private int step;

        Adam(OptimizerConfig.Adam c) {
            this.config = c;
            this.beta1 = (float) c.beta1();
            this.beta2 = (float) c.beta2();
            this.eps = (float) c.epsilon();
        }

        @Override
        public OptimizerState state() {
            return new OptimizerState("adam", step, step == 0 ? Map.of()
                    : Map.of(OptimizerState.EXP_AVG, Parameters.asStateDict(m), OptimizerState.EXP_AVG_SQ,
                    Parameters.asStateDict(v)));
        }

        @Override
        public void restore(OptimizerState state) {
            step = (int) state.step();
            if (step > 0) {
                float[][] restoredM = Parameters.arraysOf(state.slots().get(OptimizerState.EXP_AVG));
                float[][] restoredV = Parameters.arraysOf(state.slots().get(OptimizerState.EXP_AVG_SQ));
                for (int t = 0; t < m.length; t++) {
                    m[t] = restoredM[t];
                    v[t] = restoredV[t];
                }
            }
        }

        @Override
        public void step(float[][] params, float[][] grads) {
            step++;
            float stepSize = (float) config.stepSize(step);
            float bias2Sqrt = (float) config.secondMomentCorrection(step);
            for (int t = 0; t < params.length; t++) {
                float[] p = params[t];
                float[] g = grads[t];
                float[] mt = m[t];
                float[] vt = v[t];
                for (int i = 0; i < p.length; i++) {
                    mt[i] = beta1 * mt[i] + (1 - beta1) * g[i];
                    vt[i] = beta2 * vt[i] + (1 - beta2) * g[i] * g[i];
                    float denom = (float) Math.sqrt(vt[i]) / bias2Sqrt + eps;
                    p[i] -= stepSize * mt[i] / denom;
                }
            }
        }
    }
}
