package dev.mnist4j.backend.dl4j;

import dev.mnist4j.spi.Update;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The arithmetic of each {@link Update} on DL4J's flat parameter, gradient and slot vectors (all in
 * the same layout). DL4J's own updaters differ from PyTorch's: its {@code Nesterovs} is Nesterov
 * momentum, and its Adam puts epsilon outside the bias correction.
 */
final class FlatUpdateRules {
    private FlatUpdateRules() {}

    /**
     * Updates {@code params} in place from {@code grads}.
     *
     * @param first  the first slot ({@code momentum_buffer} or {@code exp_avg}), or {@code null}
     * @param second the second slot ({@code exp_avg_sq}), or {@code null}
     */
    static void apply(Update update, INDArray params, INDArray grads, INDArray first, INDArray second) {
        if (update instanceof Update.WeightDecay d) {
            if (d.l2() != 0) {
                grads.addi(params.mul(d.l2()));
            }
            if (d.scale() != 1) {
                params.muli(d.scale());
            }
        } else if (update instanceof Update.Sgd sgd) {
            params.subi(grads.mul(sgd.lr()));
        } else if (update instanceof Update.Momentum m) {
            first.muli(m.first() ? 0f : m.momentum()).addi(grads); // a first step starts the buffer at g
            params.subi(first.mul(m.lr()));
        } else {
            Update.Adam a = (Update.Adam) update;
            first.muli(a.beta1()).addi(grads.mul(1 - a.beta1()));
            second.muli(a.beta2()).addi(grads.mul(grads).muli(1 - a.beta2()));
            INDArray denom = Transforms.sqrt(second, true).divi(a.bias2Sqrt()).addi(a.eps());
            params.subi(first.div(denom).muli(a.stepSize()));
        }
    }
}
