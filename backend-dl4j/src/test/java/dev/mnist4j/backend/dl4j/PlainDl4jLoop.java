package dev.mnist4j.backend.dl4j;

import dev.mnist4j.DataModules;
import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.data.DataSet;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The yardstick for {@code mnist4j bench --backend dl4j}: a plain DL4J training loop, the same
 * network with DL4J's own SGD updater and {@code net.fit}, over the same batches. Run with
 * {@code scripts/dl4j-plain-loop [BATCHES]}.
 */
public final class PlainDl4jLoop {
    public static void main(String[] args) {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 938;
        int warmup = 50;
        Nd4jRuntime.setThreads(Runtime.getRuntime().availableProcessors());
        // The same layers, with DL4J's own updater instead of NoOp.
        MultiLayerConfiguration conf =
                MnistCnnNetwork.create().getLayerWiseConfigurations().clone();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            NeuralNetConfiguration c = conf.getConf(i);
            if (c.getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer l) {
                l.setIUpdater(new Sgd(0.01));
            }
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet train = DataModules.mnist(DataOptions.defaults()).train();
        int done = 0;
        long start = 0;
        long seen = 0;
        for (int epoch = 1; done < warmup + batches; epoch++) {
            for (Batch b : train.batches(64, (long) epoch, false)) {
                if (done == warmup) {
                    start = System.nanoTime();
                }
                INDArray x = Nd4j.create(b.images(), new long[] {b.count(), 1, 28, 28}, 'c');
                INDArray y = Nd4j.zeros(DataType.FLOAT, b.count(), 10);
                for (int i = 0; i < b.count(); i++) {
                    y.putScalar(i, b.labels()[i], 1f);
                }
                net.fit(x, y);
                if (done >= warmup) {
                    seen += b.count();
                }
                if (++done == warmup + batches) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "plain DL4J loop: %,.0f samples/s, %.2f s per 60,000-image epoch%n",
                seen / seconds, 60_000 / (seen / seconds));
        System.out.printf(
                "{\"backend\":\"plain-dl4j\",\"train_samples_per_s\":%.1f,\"epoch_s\":%.2f}%n",
                seen / seconds, 60_000 / (seen / seconds));
    }
}
