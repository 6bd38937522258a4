package dev.mnist4j.backend.cpuref;

import dev.mnist4j.spi.Update;

/**
 * The arithmetic of each {@link Update}, in place on flat arrays laid out like the parameters. The
 * API works out the constants; this only computes, element by element, as PyTorch does.
 */
final class UpdateRules {
    private UpdateRules() {}

    /**
     * Applies {@code update} to {@code params} from {@code grads}: part {@code part} of {@code parts}
     * of each tensor's elements (each element's arithmetic is the same whichever part does it).
     *
     * @param first  the first slot of the update ({@code momentum_buffer} or {@code exp_avg})
     * @param second the second slot ({@code exp_avg_sq}), or {@code null}
     */
    static void apply(
            Update update, float[][] params, float[][] grads, float[][] first, float[][] second, int part, int parts) {
        for (int t = 0; t < params.length; t++) {
            int lo = Parameters.sliceStart(t, part, parts);
            int hi = Parameters.sliceStart(t, part + 1, parts);
            if (update instanceof Update.WeightDecay d) {
                decay(d, params[t], grads[t], lo, hi);
            } else if (update instanceof Update.Sgd sgd) {
                sgd(sgd.lr(), params[t], grads[t], lo, hi);
            } else if (update instanceof Update.Momentum m) {
                momentum(m, params[t], grads[t], first[t], lo, hi);
            } else {
                adam((Update.Adam) update, params[t], grads[t], first[t], second[t], lo, hi);
            }
        }
    }

    private static void decay(Update.WeightDecay d, float[] p, float[] g, int lo, int hi) {
        float l2 = d.l2();
        float scale = d.scale();
        for (int i = lo; i < hi; i++) {
            g[i] += l2 * p[i];
            p[i] *= scale;
        }
    }

    private static void sgd(float lr, float[] p, float[] g, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            p[i] -= lr * g[i];
        }
    }

    private static void momentum(Update.Momentum m, float[] p, float[] g, float[] b, int lo, int hi) {
        float lr = m.lr();
        float mu = m.first() ? 0f : m.momentum(); // a first step starts the buffer at g
        for (int i = lo; i < hi; i++) {
            b[i] = mu * b[i] + g[i];
            p[i] -= lr * b[i];
        }
    }

    private static void adam(Update.Adam a, float[] p, float[] g, float[] m, float[] v, int lo, int hi) {
        float beta1 = a.beta1();
        float beta2 = a.beta2();
        float stepSize = a.stepSize();
        float bias2Sqrt = a.bias2Sqrt();
        float eps = a.eps();
        for (int i = lo; i < hi; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            float denom = (float) Math.sqrt(v[i]) / bias2Sqrt + eps;
            p[i] -= stepSize * m[i] / denom;
        }
    }
}
