package dev.mnist4j.backend.dl4j;

import dev.mnist4j.data.Batch;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.OptimizerState;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One step: DL4J's forward and backward pass ({@code computeGradientAndScore}), then the update
 * with PyTorch's rules on the flat parameter vector. The batch's logits come from fc1's
 * activations, copied out of DL4J's workspace while the forward pass has them.
 */
final class Dl4jTrainingEngine implements TrainingEngine {
    private final Dl4jModel model;
    private final FlatOptimizer optimizer;
    private final HiddenCapture capture = new HiddenCapture();

    Dl4jTrainingEngine(Dl4jModel model, OptimizerConfig config) {
        this.model = model;
        this.optimizer = FlatOptimizer.of(config);
        model.network().setListeners(capture);
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
    public OptimizerState optimizerState() {
        return optimizer.state(model);
    }

    @Override
    public void restoreOptimizerState(OptimizerState state) {
        optimizer.restore(state, model);
    }

    @Override
    public void close() {
        synchronized (model) {
            model.network().setListeners();
        }
    }

    @Override
    public float step(Batch batch, float[] logits) {
        int n = batch.count();
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, MnistCnn.CLASSES);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, batch.labels()[i], 1f);
        }
        synchronized (model) {
            MultiLayerNetwork net = model.network();
            try {
                net.setInput(Dl4jModel.input(batch.images(), n));
                net.setLabels(labels);
                net.computeGradientAndScore();
                float loss = (float) net.score();
                System.arraycopy(model.logitsFromHidden(capture.hidden), 0, logits, 0, n * MnistCnn.CLASSES);
                INDArray params = net.params();
                // DL4J leaves the division by the batch size to its updater, which is not used here.
                optimizer.step(params, net.getFlattenedGradients().reshape(params.shape()).divi(n));
                return loss;
            } finally {
                capture.hidden = null;
            }
        }
    }
}
