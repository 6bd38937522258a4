package dev.mnist4j.backend.dl4j;

import dev.mnist4j.core.Device;
import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import dev.mnist4j.spi.ModelEngine;
import dev.mnist4j.spi.TrainingEngine;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CNN as a DL4J {@link MultiLayerNetwork}. DL4J's output layer gives probabilities, so logits
 * are computed from fc1's activations with fc2's weights. A DL4J network is not safe for concurrent
 * use, so its methods are synchronized.
 *
 * <p>Forward passes run on one thread of the model's own, whichever thread asks: ND4J keeps its
 * workspaces and its device per thread, so one set of workspaces and one device setting serve
 * every caller (16 predicting threads otherwise each grew their own).
 */
final class Dl4jModel implements ModelEngine {
    private final MultiLayerNetwork net;
    private final ExecutorService forwardThread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "mnist4j-dl4j-forward");
        t.setDaemon(true);
        return t;
    });

    Dl4jModel(StateDict state, Device device, int threads) {
        Nd4jRuntime.useDevice(device);
        Nd4jRuntime.setThreads(threads);
        this.net = MnistCnnNetwork.create();
        load(state);
        forwardThread.execute(() -> Nd4jRuntime.useDevice(device)); // ND4J's device is per thread too
    }

    @Override
    public TrainingEngine newTrainingEngine() {
        return new Dl4jTrainingEngine(this);
    }

    @Override
    public synchronized StateDict state() {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (int i = 0; i < MnistCnnNetwork.KEYS.length; i++) {
            MnistCnn.Parameter p = MnistCnn.PARAMETERS.get(i);
            INDArray v = net.getParam(MnistCnnNetwork.KEYS[i]);
            INDArray torchLayout = MnistCnnNetwork.TRANSPOSED[i] ? v.transpose() : v;
            INDArray copy = torchLayout.dup('c');
            map.put(p.name(), new Tensor(p.shape(), copy.data().asFloat()));
            release(copy);
        }
        return StateDict.of(map);
    }

    /** Every name and shape was checked by the API before anything is assigned. */
    @Override
    public synchronized void load(StateDict state) {
        for (int i = 0; i < MnistCnnNetwork.KEYS.length; i++) {
            MnistCnn.Parameter p = MnistCnn.PARAMETERS.get(i);
            INDArray target = net.getParam(MnistCnnNetwork.KEYS[i]);
            long[] shape = Arrays.stream(p.shape()).asLongStream().toArray();
            INDArray source = Nd4j.create(state.get(p.name()).data(), shape, 'c');
            INDArray dl4jLayout = MnistCnnNetwork.TRANSPOSED[i] ? source.transpose() : source;
            if (!Arrays.equals(target.shape(), dl4jLayout.shape())) {
                throw new IllegalStateException("DL4J parameter " + MnistCnnNetwork.KEYS[i] + " has shape "
                        + Arrays.toString(target.shape()) + ", not " + Arrays.toString(dl4jLayout.shape()));
            }
            target.assign(dl4jLayout); // writes into the network's flat parameter view
            release(source);
        }
    }

    /**
     * A vector laid out like the network's flat parameters (an optimizer buffer) as a state dict,
     * by way of the parameter views: DL4J's flat layout is its own business.
     */
    synchronized StateDict flatAsStateDict(INDArray flat) {
        INDArray saved = net.params().dup();
        try {
            net.params().assign(flat);
            return state();
        } finally {
            net.params().assign(saved);
            release(saved);
        }
    }

    /** The reverse of {@link #flatAsStateDict}: a fresh flat vector holding a checked state. */
    synchronized INDArray flatOf(StateDict state) {
        INDArray saved = net.params().dup();
        try {
            load(state);
            return net.params().dup();
        } finally {
            net.params().assign(saved);
            release(saved);
        }
    }

    @Override
    public float[] logits(float[] images, int count) {
        Future<float[]> result = forwardThread.submit(() -> forward(images, count));
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new Mnist4jException("interrupted while dl4j computed logits", e);
        }
    }

    private synchronized float[] forward(float[] images, int count) {
        INDArray x = input(images, count);
        List<INDArray> activations = net.feedForwardToLayer(MnistCnnNetwork.HIDDEN_LAYER, x, false);
        try {
            return logitsFromHidden(activations.get(MnistCnnNetwork.HIDDEN_LAYER + 1));
        } finally {
            // free the native buffers now rather than when the garbage collector finds them
            activations.forEach(Dl4jModel::release);
            release(x);
        }
    }

    /** Frees an array's native memory at once, where ND4J allows it (not for views or workspace memory). */
    static void release(INDArray a) {
        if (a != null && !a.wasClosed() && a.closeable()) {
            a.close();
        }
    }

    static INDArray input(float[] images, int count) {
        return Nd4j.create(images, new long[] {count, 1, MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE}, 'c');
    }

    /** fc2 applied to fc1's activations: {@code h·W + b}. */
    float[] logitsFromHidden(INDArray hidden) {
        INDArray h = hidden.castTo(DataType.FLOAT);
        INDArray z = h.mmul(net.getParam("5_W")).addiRowVector(net.getParam("5_b"));
        INDArray rows = z.dup('c');
        try {
            return rows.data().asFloat();
        } finally {
            release(rows);
            release(z);
            if (h != hidden) {
                release(h);
            }
        }
    }

    @Override
    public void close() {
        forwardThread.shutdownNow();
    }

    MultiLayerNetwork network() {
        return net;
    }
}
