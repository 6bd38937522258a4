package dev.mnist4j.backend.cpuref;

import dev.mnist4j.model.MnistCnn;

/**
 * fc1's weight gradient over a batch is {@code dhᵀ · flat}: the gradients at fc1's outputs,
 * transposed ({@code [64][batch]}), times its inputs, the flattened pooled maps
 * ({@code [batch][1600]}). Each chunk keeps its rows of both here, and the update multiplies them
 * once for the whole batch, where each chunk would make, zero and then have summed a 400 KB product
 * of its own. The sums round as the chunks' products would ({@link Kernels#multiplyInGroups}).
 */
final class Fc1Factors {
    private static final int HIDDEN = 64;
    private static final int FLAT = MnistCnn.FLAT_FEATURES;

    private float[] flat = new float[0];
    private float[] hiddenGradsT = new float[0];
    /** Images in the batch the factors are for, and the row stride of {@link #hiddenGradsT}. */
    private int batch;

    /** Makes room for a batch of {@code n} images; before its chunks run. */
    void prepare(int n) {
        if (flat.length < n * FLAT) {
            flat = new float[n * FLAT];
            hiddenGradsT = new float[HIDDEN * n];
        }
        batch = n;
    }

    /** A chunk's share: the pooled maps {@code p2[n][1600]} and gradients {@code dh[n][64]} of images {@code first ..}. */
    void keep(float[] p2, float[] dh, int first, int n) {
        System.arraycopy(p2, 0, flat, first * FLAT, n * FLAT);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < HIDDEN; j++) {
                hiddenGradsT[j * batch + first + i] = dh[i * HIDDEN + j];
            }
        }
    }

    /** Rows of part {@code part} of {@code parts} of the gradient, into {@code gw[64][1600]} (overwritten). */
    void gradient(Kernels kernels, float[] gw, int part, int parts) {
        int r0 = ChunkRunner.start(HIDDEN, part, parts);
        int r1 = ChunkRunner.start(HIDDEN, part + 1, parts);
        kernels.multiplyInGroups(
                r1 - r0,
                FLAT,
                batch,
                Workspace.CHUNK,
                hiddenGradsT,
                r0 * batch,
                batch,
                flat,
                0,
                FLAT,
                gw,
                r0 * FLAT,
                FLAT);
    }
}
