package dev.mnist4j.backend.cpuref;

import static dev.mnist4j.backend.cpuref.Kernels.C1;
import static dev.mnist4j.backend.cpuref.Kernels.C2;

/**
 * Conv2's weights for Winograd's F(2×2, 3×3) (Lavin and Gray, 2015): each 2×2 block of conv2's
 * outputs, which is exactly one pooling window, comes from its 4×4 input patch with 16 products per
 * channel pair instead of 36. This class makes the transformed weights {@code U = G·g·Gᵀ}, laid out
 * {@code [16][32 ci][64 co]}, from the forward layout {@code [288][64]}; the kernels transform the
 * inputs and the outputs.
 */
final class Winograd {
    /** Floats of the transformed weights. */
    static final int SIZE = 16 * C1 * C2;
    /** From one kernel tap of the forward layout (or one point of the transformed) to the next. */
    private static final int TAP = C1 * C2;

    private Winograd() {}

    /**
     * {@code u} for output channels {@code co0 .. co1-1} from the forward-layout weights {@code w}.
     * One input channel at a time, through small contiguous buffers: the 9 taps of {@code w} and the
     * 16 points of {@code u} lie 8 KB apart, the same L1 cache set, so reading or writing them all
     * at once would miss the cache on every access.
     */
    static void weights(float[] w, float[] u, int co0, int co1) {
        int n = co1 - co0;
        float[] g = new float[9 * n];
        float[] t = new float[16 * n];
        for (int ci = 0; ci < C1; ci++) {
            int at = ci * C2 + co0; // tap 0 of w and point 0 of u
            for (int k = 0; k < 9; k++) {
                System.arraycopy(w, at + k * TAP, g, k * n, n);
            }
            for (int j = 0; j < n; j++) {
                // G·g: 4 rows of 3
                float g00 = g[j], g01 = g[n + j], g02 = g[2 * n + j];
                float g10 = g[3 * n + j], g11 = g[4 * n + j], g12 = g[5 * n + j];
                float g20 = g[6 * n + j], g21 = g[7 * n + j], g22 = g[8 * n + j];
                float h10 = 0.5f * (g00 + g10 + g20), h11 = 0.5f * (g01 + g11 + g21), h12 = 0.5f * (g02 + g12 + g22);
                float h20 = 0.5f * (g00 - g10 + g20), h21 = 0.5f * (g01 - g11 + g21), h22 = 0.5f * (g02 - g12 + g22);
                // (G·g)·Gᵀ: 4 rows of 4
                row(t, j, n, g00, g01, g02);
                row(t, 4 * n + j, n, h10, h11, h12);
                row(t, 8 * n + j, n, h20, h21, h22);
                row(t, 12 * n + j, n, g20, g21, g22);
            }
            for (int point = 0; point < 16; point++) {
                System.arraycopy(t, point * n, u, at + point * TAP, n);
            }
        }
    }

    private static void row(float[] t, int at, int n, float r0, float r1, float r2) {
        t[at] = r0;
        t[at + n] = 0.5f * (r0 + r1 + r2);
        t[at + 2 * n] = 0.5f * (r0 - r1 + r2);
        t[at + 3 * n] = r2;
    }
}
