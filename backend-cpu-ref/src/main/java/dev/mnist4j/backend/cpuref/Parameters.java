package dev.mnist4j.backend.cpuref;

import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CNN's eight tensors as flat arrays in the layouts {@link Kernels} compute with (channels last),
 * plus transposed copies of three of them, and the conversions to and from PyTorch's layouts. The
 * weights, their gradients and the optimizer's slots all stay in these layouts from step to step
 * (the optimizer's arithmetic is element by element, so the layout does not change it); PyTorch's
 * layouts are made only when a state, a gradient or a slot leaves the backend.
 *
 * <p>Layouts: conv1 {@code [9][32]} ((ky,kx) major); conv2 as rows {@code [64][288]}, the 288 in
 * (ky, kx, ci) order; fc1 {@code [64][1600]} with its 1600 inputs in the pooled map's (y, x, c) order
 * instead of PyTorch's (c, y, x); the biases and fc2 as PyTorch's. Transposed copies: conv2
 * {@code [288][64]}, fc1 {@code [1600][64]}, fc2 {@code [64][10]}; conv2's weights transformed
 * for Winograd's algorithm ({@link Winograd}), which the forward computes with; and conv2's rows
 * again on cache lines, for the backward.
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
     * Per tensor, for each element of its channels-last layout, the element's index in PyTorch's
     * layout; {@code null} where the layouts are the same.
     */
    private static final int[][] FROM_TORCH = new int[COUNT][];

    static {
        int[] conv1 = new int[9 * Kernels.C1];
        for (int kk = 0; kk < 9; kk++) {
            for (int c = 0; c < Kernels.C1; c++) {
                conv1[kk * Kernels.C1 + c] = c * 9 + kk;
            }
        }
        int[] conv2 = new int[Kernels.C2 * Kernels.K2];
        for (int co = 0; co < Kernels.C2; co++) {
            for (int kk = 0; kk < 9; kk++) {
                for (int ci = 0; ci < Kernels.C1; ci++) {
                    conv2[co * Kernels.K2 + kk * Kernels.C1 + ci] = co * Kernels.K2 + ci * 9 + kk;
                }
            }
        }
        int positions = Kernels.POOLED2_SIDE * Kernels.POOLED2_SIDE;
        int[] fc1 = new int[HIDDEN * FLAT];
        for (int j = 0; j < HIDDEN; j++) {
            for (int pos = 0; pos < positions; pos++) {
                for (int c = 0; c < Kernels.C2; c++) {
                    fc1[j * FLAT + pos * Kernels.C2 + c] = j * FLAT + c * positions + pos;
                }
            }
        }
        FROM_TORCH[CONV1_W] = conv1;
        FROM_TORCH[CONV2_W] = conv2;
        FROM_TORCH[FC1_W] = fc1;
    }

    /** The weights in the kernels' layouts; the arrays are never replaced, only written. */
    final float[][] values = zerosLike();
    /** Aliases of {@link #values}' weights, under the names the kernels know them by. */
    final float[] conv1 = values[CONV1_W];

    final float[] conv2Rows = values[CONV2_W];
    final float[] fc1 = values[FC1_W];
    /** Transposed and transformed copies, kept in step with {@link #values} by {@link #transposed}. */
    final float[] conv2 = new float[Kernels.K2 * Kernels.C2];

    final float[] conv2Winograd = new float[Winograd.SIZE];
    final float[] fc1T = new float[FLAT * HIDDEN];
    final float[] fc2T = new float[HIDDEN * MnistCnn.CLASSES];
    /**
     * conv2's weight rows once more, from index {@link #conv2LinesAt} on cache lines
     * ({@link AlignedFloats}): the input gradient loads one of their vectors per FMA.
     */
    final float[] conv2Lines;

    final int conv2LinesAt;

    Parameters(StateDict state) {
        AlignedFloats aligned = new AlignedFloats(conv2Rows.length);
        conv2Lines = aligned.array();
        conv2LinesAt = aligned.take(conv2Rows.length);
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

    /** {@link #zerosLike}, but fc1's weights empty: a chunk's gradients ({@link Fc1Factors}). */
    static float[][] zerosLikeExceptFc1Weights() {
        float[][] z = new float[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            z[i] = new float[i == FC1_W ? 0 : MnistCnn.PARAMETERS.get(i).size()];
        }
        return z;
    }

    /** Copies a checked state in. */
    void load(StateDict state) {
        fromTorch(state, values);
        transposed(0, 1);
    }

    StateDict toStateDict() {
        return asStateDict(values);
    }

    /** Arrays in the kernels' layouts (weights, gradients, optimizer slots) as a state dict in PyTorch's. */
    static StateDict asStateDict(float[][] arrays) {
        float[][] torch = toTorch(arrays);
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (int i = 0; i < COUNT; i++) {
            MnistCnn.Parameter p = MnistCnn.PARAMETERS.get(i);
            map.put(p.name(), new Tensor(p.shape(), torch[i]));
        }
        return StateDict.of(map);
    }

    /** The reverse of {@link #asStateDict}: fresh arrays in the kernels' layouts from a checked state. */
    static float[][] arraysOf(StateDict state) {
        float[][] out = zerosLike();
        fromTorch(state, out);
        return out;
    }

    /** Fresh arrays in PyTorch's layouts from arrays in the kernels'. */
    private static float[][] toTorch(float[][] arrays) {
        float[][] torch = new float[COUNT][];
        for (int t = 0; t < COUNT; t++) {
            int[] from = FROM_TORCH[t];
            if (from == null) {
                torch[t] = arrays[t].clone();
            } else {
                torch[t] = new float[from.length];
                for (int i = 0; i < from.length; i++) {
                    torch[t][from[i]] = arrays[t][i];
                }
            }
        }
        return torch;
    }

    private static void fromTorch(StateDict state, float[][] out) {
        for (int t = 0; t < COUNT; t++) {
            int[] from = FROM_TORCH[t];
            if (from == null) {
                state.get(MnistCnn.PARAMETERS.get(t).name()).copyTo(out[t], 0);
            } else {
                float[] torch = state.get(MnistCnn.PARAMETERS.get(t).name()).data();
                for (int i = 0; i < from.length; i++) {
                    out[t][i] = torch[from[i]];
                }
            }
        }
    }

    /**
     * Where part {@code part} of {@code parts} of tensor {@code t}'s elements starts: whole rows of the
     * tensors with transposed copies (the rows {@link #transposed} gives the same part), an even share
     * of the others. Every element-wise pass over the parameters slices them this way.
     */
    static int sliceStart(int t, int part, int parts) {
        return switch (t) {
            case CONV2_W -> ChunkRunner.start(Kernels.C2, part, parts) * Kernels.K2;
            case FC1_W -> ChunkRunner.start(HIDDEN, part, parts) * FLAT;
            case FC2_W -> ChunkRunner.start(MnistCnn.CLASSES, part, parts) * HIDDEN;
            default -> ChunkRunner.start(MnistCnn.PARAMETERS.get(t).size(), part, parts);
        };
    }

    /**
     * Refreshes part {@code part} of {@code parts} of the transposed and transformed copies (by
     * source rows, i.e. output channels) after a change to the weights; the parts together cover
     * them once.
     */
    void transposed(int part, int parts) {
        int from = sliceStart(CONV2_W, part, parts);
        System.arraycopy(conv2Rows, from, conv2Lines, conv2LinesAt + from, sliceStart(CONV2_W, part + 1, parts) - from);
        transposeRows(conv2Rows, Kernels.C2, Kernels.K2, conv2, part, parts);
        // from the rows of conv2 this part has just written
        Winograd.weights(
                conv2,
                conv2Winograd,
                ChunkRunner.start(Kernels.C2, part, parts),
                ChunkRunner.start(Kernels.C2, part + 1, parts));
        transposeRows(fc1, HIDDEN, FLAT, fc1T, part, parts);
        transposeRows(values[FC2_W], MnistCnn.CLASSES, HIDDEN, fc2T, part, parts);
    }

    /**
     * Sums the chunks' gradients, chunk after chunk, into {@code out}: part {@code part} of
     * {@code parts} of each tensor's elements, but fc1's weights, which the chunks do not have
     * ({@link Fc1Factors}). The same sums in the same order whatever the parts, so the result does
     * not depend on the thread count.
     */
    static void sumChunks(List<float[][]> chunkGrads, int chunks, float[][] out, int part, int parts) {
        for (int t = 0; t < COUNT; t++) {
            if (t == FC1_W) {
                continue;
            }
            float[] sum = out[t];
            int lo = sliceStart(t, part, parts);
            int hi = sliceStart(t, part + 1, parts);
            System.arraycopy(chunkGrads.get(0)[t], lo, sum, lo, hi - lo);
            for (int c = 1; c < chunks; c++) {
                float[] g = chunkGrads.get(c)[t];
                for (int j = lo; j < hi; j++) {
                    sum[j] += g[j];
                }
            }
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
