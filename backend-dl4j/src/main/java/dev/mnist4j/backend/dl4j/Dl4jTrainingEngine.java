package dev.mnist4j.backend.dl4j;

import dev.mnist4j.data.Batch;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.spi.Update;
import dev.mnist4j.train.OptimizerState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training on DL4J: its forward and backward pass ({@code computeGradientAndScore}), then updates with
 * PyTorch's rules on the flat parameter vector, the optimizer's slots kept in the same flat layout.
 * The batch's logits come from fc1's activations, copied out of DL4J's workspace while the forward
 * pass has them.
 */
final class Dl4jTrainingEngine implements TrainingEngine {
    private final Dl4jModel model;
    private final HiddenCapture capture = new HiddenCapture();
    /** The gradient of the last batch's mean loss, in the flat parameter layout. */
    private INDArray gradient;
    /** Optimizer slots by name, flat, allocated on first use. */
    private final Map<String, INDArray> slots = new HashMap<>();

    Dl4jTrainingEngine(Dl4jModel model) {
        this.model = model;
        synchronized (model) {
            model.network().setListeners(capture);
        }
    }

    /** Keeps fc1's activations of the last forward pass (they live in a workspace that closes). */
    private static final class HiddenCapture extends BaseTrainingListener {
        INDArray hidden;

        @Override
        public void onForwardPass(Model m, List<INDArray> activations) {
            hidden = activations.get(MnistCnnNetwork.HIDDEN_LAYER + 1).detach();
        }
    }

    @Override
    public float forwardBackward(Batch batch, float[] logits) {
        int n = batch.count();
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, MnistCnn.CLASSES);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, batch.labels()[i], 1f);
        }
        synchronized (model) {
            MultiLayerNetwork net = model.network();
            INDArray x = Dl4jModel.input(batch.images(), n);
            try {
                net.setInput(x);
                net.setLabels(labels);
                net.computeGradientAndScore();
                System.arraycopy(model.logitsFromHidden(capture.hidden), 0, logits, 0, n * MnistCnn.CLASSES);
                // DL4J leaves the division by the batch size to its updater, which is not used here.
                INDArray params = net.params();
                Dl4jModel.release(gradient);
                gradient = net.getFlattenedGradients()
                        .reshape(params.shape())
                        .dup()
                        .divi(n);
                return (float) net.score();
            } finally {
                // Free this batch's native buffers now, not when the garbage collector gets round to
                // them: under a light heap it seldom does, and the process grew by gigabytes (#14).
                net.clear();
                Dl4jModel.release(capture.hidden);
                capture.hidden = null;
                Dl4jModel.release(x);
                Dl4jModel.release(labels);
            }
        }
    }

    @Override
    public StateDict gradients() {
        return model.flatAsStateDict(gradient);
    }

    @Override
    public void update(Update update) {
        INDArray first = update instanceof Update.Momentum
                ? flat(OptimizerState.MOMENTUM_BUFFER)
                : update instanceof Update.Adam ? flat(OptimizerState.EXP_AVG) : null;
        INDArray second = update instanceof Update.Adam ? flat(OptimizerState.EXP_AVG_SQ) : null;
        synchronized (model) {
            FlatUpdateRules.apply(update, model.network().params(), gradient, first, second);
        }
        if (!(update instanceof Update.WeightDecay)) { // the decay comes before the step, which needs the gradient
            Dl4jModel.release(gradient);
            gradient = null;
        }
    }

    /** The slot's flat vector, zeros on first use. */
    private INDArray flat(String name) {
        return slots.computeIfAbsent(name, n -> model.network().params().ulike().assign(0));
    }

    @Override
    public StateDict slot(String name) {
        return model.flatAsStateDict(flat(name));
    }

    @Override
    public void setSlot(String name, StateDict value) {
        Dl4jModel.release(value == null ? slots.remove(name) : slots.put(name, model.flatOf(value)));
    }

    @Override
    public void close() {
        synchronized (model) {
            model.network().setListeners();
        }
        Dl4jModel.release(gradient);
        slots.values().forEach(Dl4jModel::release);
        slots.clear();
    }
}
