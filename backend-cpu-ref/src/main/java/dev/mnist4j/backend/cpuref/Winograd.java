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

    private Winograd() {}

    /** {@code u} for output channels {@code co0 .. co1-1} from the forward-layout weights {@code w}. */
    static void weights(float[] w, float[] u, int co0, int co1) {
        float[] g = new float[9];
        float[] gg = new float[12];
        for (int ci = 0; ci < C1; ci++) {
            for (int co = co0; co < co1; co++) {
                for (int k = 0; k < 9; k++) {
                    g[k] = w[(k * C1 + ci) * C2 + co];
                }
                // G·g: 4 rows of 3
                for (int x = 0; x < 3; x++) {
                    float g0 = g[x], g1 = g[3 + x], g2 = g[6 + x];
                    gg[x] = g0;
                    gg[3 + x] = 0.5f * (g0 + g1 + g2);
                    gg[6 + x] = 0.5f * (g0 - g1 + g2);
                    gg[9 + x] = g2;
                }
                // (G·g)·Gᵀ: 4 rows of 4
                for (int r = 0; r < 4; r++) {
                    float r0 = gg[3 * r], r1 = gg[3 * r + 1], r2 = gg[3 * r + 2];
                    int at = (4 * r) * C1 * C2 + ci * C2 + co;
                    u[at] = r0;
                    u[at + C1 * C2] = 0.5f * (r0 + r1 + r2);
                    u[at + 2 * C1 * C2] = 0.5f * (r0 - r1 + r2);
                    u[at + 3 * C1 * C2] = r2;
                }
            }
        }
    }
}
