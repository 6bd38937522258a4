package dev.mnist4j.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.mnist4j.spi.Update;

/**
 * The arithmetic of each {@link Update} as in-place libtorch operations. DJL's own optimizers follow
 * MXNet's conventions (Adam's epsilon, for one), so they are not used. Temporaries are closed at
 * once: they would otherwise live as long as the model's manager.
 */
final class NdUpdateRules {
    private NdUpdateRules() {}

    /**
     * Updates one parameter from its gradient.
     *
     * @param first  the parameter's first slot ({@code momentum_buffer} or {@code exp_avg}), or {@code null}
     * @param second its second slot ({@code exp_avg_sq}), or {@code null}
     */
    static void apply(Update update, NDArray param, NDArray grad, NDArray first, NDArray second) {
        if (update instanceof Update.WeightDecay d) {
            if (d.l2() != 0) {
                try (NDArray decay = param.mul(d.l2())) {
                    grad.addi(decay);
                }
            }
            if (d.scale() != 1) {
                param.muli(d.scale());
            }
        } else if (update instanceof Update.Sgd sgd) {
            try (NDArray delta = grad.mul(sgd.lr())) {
                param.subi(delta);
            }
        } else if (update instanceof Update.Momentum m) {
            first.muli(m.first() ? 0f : m.momentum()).addi(grad); // a first step starts the buffer at g
            try (NDArray delta = first.mul(m.lr())) {
                param.subi(delta);
            }
        } else {
            Update.Adam a = (Update.Adam) update;
            try (NDArray g1 = grad.mul(1 - a.beta1());
                    NDArray g2 = grad.square().muli(1 - a.beta2())) {
                first.muli(a.beta1()).addi(g1);
                second.muli(a.beta2()).addi(g2);
            }
            try (NDArray denom = second.sqrt().divi(a.bias2Sqrt()).addi(a.eps());
                    NDArray delta = first.div(denom).muli(a.stepSize())) {
                param.subi(delta);
            }
        }
    }
}
