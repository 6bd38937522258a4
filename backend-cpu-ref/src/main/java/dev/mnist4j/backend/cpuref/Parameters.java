package dev.mnist4j.backend.cpuref;

import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CNN's eight tensors as flat arrays in PyTorch's layouts, indexed in {@link MnistCnn#PARAMETERS}
 * order, plus the channels-last copies of the weights that {@link Kernels} compute with, and the
 * conversion of gradients computed in those layouts back to PyTorch's.
 *
 * <p>Channels-last layouts: conv1 {@code [9][32]} ((ky,kx) major); conv2 {@code [288][64]} for the
 * forward and {@code [64][288]} for the backward, with the 288 in (ky, kx, ci) order; fc1 with its
 * 1600 inputs in the pooled map's (y, x, c) order instead of PyTorch's (c, y, x), as {@code [64][1600]}
 * and transposed {@code [1600][64]}; fc2 transposed {@code [64][10]}.
 */
final class Parameters {
    static final int CONV1_W = 0;
    static final int CONV1_B = 1;
    static final int CONV2_W = 2;
    static final int CONV2_B = 3;
    static final int FC1_W = 4;
    static final int FC1_B = 5;
    static final int FC2_W = 6;
    static final int FC2_B = 7;
    static final int COUNT = 8;

    private static final int HIDDEN = 64;
    private static final int FLAT = MnistCnn.FLAT_FEATURES;
    /**
     * For each element of a channels-last weight array, its index in PyTorch's layout: conv1
     * {@code [9][32]}, conv2 as rows {@code [64][288]} with (ky, kx, ci) columns, fc1 {@code [64][1600]}
     * with (y, x, c) columns. The same maps turn gradients in those layouts back into PyTorch's.
     */
    private static final int[] CONV1_FROM_TORCH = new int[9 * Kernels.C1];

    private static final int[] CONV2_FROM_TORCH = new int[Kernels.C2 * Kernels.K2];
    private static final int[] FC1_FROM_TORCH = new int[HIDDEN * FLAT];
    /** The tensors whose layouts are the same in both. */
    private static final int[] SAME_LAYOUT = {CONV1_B, CONV2_B, FC1_B, FC2_W, FC2_B};
    /**
     * Per tensor, for each index in PyTorch's layout, its index in the channels-last one (the inverse
     * of the maps above); {@code null} where the layouts are the same.
     */
    private static final int[][] TORCH_TO_CHANNELS_LAST = new int[COUNT][];

    static {
        for (int kk = 0; kk < 9; kk++) {
            for (int c = 0; c < Kernels.C1; c++) {
                CONV1_FROM_TORCH[kk * Kernels.C1 + c] = c * 9 + kk;
            }
        }
        for (int co = 0; co < Kernels.C2; co++) {
            for (int kk = 0; kk < 9; kk++) {
                for (int ci = 0; ci < Kernels.C1; ci++) {
                    CONV2_FROM_TORCH[co * Kernels.K2 + kk * Kernels.C1 + ci] = co * Kernels.K2 + ci * 9 + kk;
                }
            }
        }
        int positions = Kernels.POOLED2_SIDE * Kernels.POOLED2_SIDE;
        for (int j = 0; j < HIDDEN; j++) {
            for (int pos = 0; pos < positions; pos++) {
                for (int c = 0; c < Kernels.C2; c++) {
                    FC1_FROM_TORCH[j * FLAT + pos * Kernels.C2 + c] = j * FLAT + c * positions + pos;
                }
            }
        }
        TORCH_TO_CHANNELS_LAST[CONV1_W] = inverse(CONV1_FROM_TORCH);
        TORCH_TO_CHANNELS_LAST[CONV2_W] = inverse(CONV2_FROM_TORCH);
        TORCH_TO_CHANNELS_LAST[FC1_W] = inverse(FC1_FROM_TORCH);
    }

    private static int[] inverse(int[] map) {
        int[] inv = new int[map.length];
        for (int i = 0; i < map.length; i++) {
            inv[map[i]] = i;
        }
        return inv;
    }

    final float[][] values = new float[COUNT][];
    /** Channels-last copies, kept in step with {@link #values} by {@link #changed()}. */
    final float[] conv1 = new float[9 * Kernels.C1];

    final float[] conv2 = new float[Kernels.K2 * Kernels.C2];
    final float[] conv2Rows = new float[Kernels.C2 * Kernels.K2];
    final float[] fc1 = new float[HIDDEN * FLAT];
    final float[] fc1T = new float[FLAT * HIDDEN];
    final float[] fc2T = new float[HIDDEN * MnistCnn.CLASSES];

    Parameters(StateDict state) {
        for (int i = 0; i < COUNT; i++) {
            values[i] = new float[MnistCnn.PARAMETERS.get(i).size()];
        }
        load(state);
    }

    /** Zero-filled arrays shaped like the parameters, e.g. for gradients. */
    static float[][] zerosLike() {
        float[][] z = new float[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            z[i] = new float[MnistCnn.PARAMETERS.get(i).size()];
        }
        return z;
    }

    /** Copies a checked state in. */
    void load(StateDict state) {
        for (int i = 0; i < COUNT; i++) {
            state.get(MnistCnn.PARAMETERS.get(i).name()).copyTo(values[i], 0);
        }
        changed();
    }

    StateDict toStateDict() {
        return asStateDict(values);
    }

    /** Arrays laid out like the parameters (weights, gradients, optimizer buffers) as a state dict copy. */
    static StateDict asStateDict(float[][] arrays) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (int i = 0; i < COUNT; i++) {
            MnistCnn.Parameter p = MnistCnn.PARAMETERS.get(i);
            map.put(p.name(), new Tensor(p.shape(), arrays[i]));
        }
        return StateDict.of(map);
    }

    /** The reverse of {@link #asStateDict}: fresh arrays from a checked state. */
    static float[][] arraysOf(StateDict state) {
        float[][] out = new float[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            out[i] = state.get(MnistCnn.PARAMETERS.get(i).name()).data();
        }
        return out;
    }

    /** Call after any change to the weights. */
    void changed() {
        changed(0, 1);
        transposed(0, 1);
    }

    /**
     * Refreshes part {@code part} of {@code parts} of the channels-last copies; the parts together
     * cover them once. Each part writes only its own slice of each copy.
     */
    void changed(int part, int parts) {
        gather(values[CONV1_W], CONV1_FROM_TORCH, conv1, part, parts);
        gather(values[CONV2_W], CONV2_FROM_TORCH, conv2Rows, part, parts);
        gather(values[FC1_W], FC1_FROM_TORCH, fc1, part, parts);
        transposeRows(values[FC2_W], MnistCnn.CLASSES, HIDDEN, fc2T, part, parts);
    }

    /** The transposed copies, from the gathered ones: after every part of {@link #changed(int, int)}. */
    void transposed(int part, int parts) {
        transposeRows(conv2Rows, Kernels.C2, Kernels.K2, conv2, part, parts);
        transposeRows(fc1, HIDDEN, FLAT, fc1T, part, parts);
    }

    /**
     * Sums the chunks' gradients (channels-last layouts), chunk after chunk, into PyTorch's layouts:
     * part {@code part} of {@code parts} of each tensor's elements. The same sums in the same order
     * whatever the parts, so the result does not depend on the thread count.
     */
    static void sumToTorch(List<float[][]> chunkGrads, int chunks, float[][] torch, int part, int parts) {
        for (int t = 0; t < COUNT; t++) {
            float[] out = torch[t];
            int[] from = TORCH_TO_CHANNELS_LAST[t];
            int lo = ChunkRunner.start(out.length, part, parts);
            int hi = ChunkRunner.start(out.length, part + 1, parts);
            float[] first = chunkGrads.get(0)[t];
            for (int j = lo; j < hi; j++) {
                int i = from == null ? j : from[j];
                float g = first[i];
                for (int c = 1; c < chunks; c++) {
                    g += chunkGrads.get(c)[t][i];
                }
                out[j] = g;
            }
        }
    }

    private static void gather(float[] torch, int[] fromTorch, float[] out, int part, int parts) {
        int hi = ChunkRunner.start(out.length, part + 1, parts);
        for (int i = ChunkRunner.start(out.length, part, parts); i < hi; i++) {
            out[i] = torch[fromTorch[i]];
        }
    }

    /** {@link #transpose} of part {@code part} of {@code parts} of the source's rows. */
    private static void transposeRows(float[] src, int rows, int cols, float[] dst, int part, int parts) {
        int r0 = ChunkRunner.start(rows, part, parts);
        int r1 = ChunkRunner.start(rows, part + 1, parts);
        transpose(src, r0, r1, rows, cols, dst);
    }

    /**
     * {@code dst[cols×rows] = srcᵀ} for a row-major {@code src[rows×cols]}, in 16×16 tiles so that
     * reads and writes both stay within a few cache lines.
     */
    static void transpose(float[] src, int rows, int cols, float[] dst) {
        transpose(src, 0, rows, rows, cols, dst);
    }

    /** {@link #transpose} of the source's rows {@code from .. to-1} only. */
    private static void transpose(float[] src, int from, int to, int rows, int cols, float[] dst) {
        for (int r0 = from; r0 < to; r0 += 16) {
            int r1 = Math.min(to, r0 + 16);
            for (int c0 = 0; c0 < cols; c0 += 16) {
                int c1 = Math.min(cols, c0 + 16);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        dst[c * rows + r] = src[r * cols + c];
                    }
                }
            }
        }
    }
}
