package dev.mnist4j.backend.cpuref;

import dev.mnist4j.data.Batch;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.ModelEngine;
import dev.mnist4j.spi.TrainingEngine;
import java.util.ArrayList;
import java.util.List;

/** The CNN in plain Java: parameters, helper threads, and the forward and backward passes over chunks. */
final class CpuRefModel implements ModelEngine {
    private final Parameters params;
    private final Kernels kernels;
    private final ChunkRunner runner;
    /**
     * Per-chunk gradient arrays (channels-last layouts, no fc1 weights: see {@link #fc1}), kept
     * between steps and summed in chunk order.
     */
    private final List<float[][]> chunkGrads = new ArrayList<>();
    /** What fc1's weight gradient is made of, kept by the chunks of the last {@link #forwardBackward}. */
    private final Fc1Factors fc1 = new Fc1Factors();
    /** How many chunks the last {@link #forwardBackward} had. */
    private int lastChunks;

    CpuRefModel(StateDict state, int threads, Kernels kernels) {
        this.params = new Parameters(state);
        this.kernels = kernels;
        this.runner = new ChunkRunner(threads, kernels);
    }

    @Override
    public StateDict state() {
        return params.toStateDict();
    }

    @Override
    public void load(StateDict state) {
        params.load(state);
    }

    @Override
    public TrainingEngine newTrainingEngine() {
        return new CpuRefTrainingEngine(this);
    }

    @Override
    public float[] logits(float[] images, int count) {
        float[] out = new float[count * MnistCnn.CLASSES];
        runner.run(count, (ws, chunk, first, n) -> {
            ws.forward(params, images, first, n);
            System.arraycopy(ws.z, 0, out, first * MnistCnn.CLASSES, n * MnistCnn.CLASSES);
        });
        return out;
    }

    /**
     * Forward and backward over a batch, each chunk's gradients (of the batch's mean loss) into
     * arrays of its own: fills {@code logits}, returns the mean loss. {@link #sumGradients} adds the
     * chunks up.
     */
    float forwardBackward(Batch batch, float[] logits) {
        int n = batch.count();
        int chunks = ChunkRunner.chunkCount(n);
        while (chunkGrads.size() < chunks) {
            chunkGrads.add(Parameters.zerosLikeExceptFc1Weights());
        }
        fc1.prepare(n);
        double[] losses = new double[chunks];
        runner.run(n, (ws, chunk, first, count) -> {
            float[][] g = chunkGrads.get(chunk);
            for (float[] a : g) {
                java.util.Arrays.fill(a, 0f);
            }
            ws.forward(params, batch.images(), first, count);
            System.arraycopy(ws.z, 0, logits, first * MnistCnn.CLASSES, count * MnistCnn.CLASSES);
            losses[chunk] = ws.backward(params, batch.images(), batch.labels(), first, count, n, g, fc1);
        });
        lastChunks = chunks;
        double loss = 0;
        for (int c = 0; c < chunks; c++) {
            loss += losses[c];
        }
        return (float) (loss / n);
    }

    /**
     * Part {@code part} of {@code parts} of the sum of the last {@link #forwardBackward}'s chunk
     * gradients, into {@code grads} (the kernels' layouts, as {@link Parameters#values}).
     */
    void sumGradients(float[][] grads, int part, int parts) {
        Parameters.sumChunks(chunkGrads, lastChunks, grads, part, parts);
        fc1.gradient(kernels, grads[Parameters.FC1_W], part, parts);
    }

    Parameters parameters() {
        return params;
    }

    ChunkRunner runner() {
        return runner;
    }

    @Override
    public void close() {
        runner.close();
    }
}
