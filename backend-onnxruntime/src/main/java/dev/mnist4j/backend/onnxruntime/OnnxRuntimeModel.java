package dev.mnist4j.backend.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mnist4j.core.Device;
import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.io.OnnxFiles;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.ModelEngine;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * A model as an ONNX Runtime session over its ONNX export. {@code OrtSession.run} is safe from many
 * threads at once; a new state replaces the session (the API runs that alone).
 */
final class OnnxRuntimeModel implements ModelEngine {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Device device;
    private final int threads;
    private StateDict state;
    private OrtSession session;

    OnnxRuntimeModel(StateDict state, Device device, int threads) {
        this.device = device;
        this.threads = threads;
        load(state);
    }

    @Override
    public float[] logits(float[] images, int count) {
        long[] shape = {count, 1, MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE};
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(images), shape);
                OrtSession.Result result = session.run(Map.of("input", input))) {
            FloatBuffer logits = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[count * MnistCnn.CLASSES];
            logits.get(out);
            return out;
        } catch (OrtException e) {
            throw new Mnist4jException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    @Override
    public StateDict state() {
        return state;
    }

    @Override
    public void load(StateDict state) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (device.kind() == Device.Kind.CUDA) {
                options.addCUDA(device.index());
            }
            OrtSession fresh = env.createSession(OnnxFiles.toBytes(state, Map.of()), options);
            close();
            this.session = fresh;
            this.state = state;
        } catch (OrtException e) {
            throw new Mnist4jException("ONNX Runtime could not load the model: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new Mnist4jException("ONNX Runtime could not close the model: " + e.getMessage(), e);
            }
            session = null;
        }
    }
}
