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
     * One input channel at a time, each output row in a loop of its own over the output channels,
     * which reads at most three rows of {@code w} or of the small buffer {@code h}: the nine taps and
     * sixteen points of one channel lie 8 KB apart, the same L1 cache set, so all of them at once,
     * element by element, would miss the cache on every access. (Copying the taps into a buffer first
     * and the points out of one took 14.5 µs per half of the channels, with the data in cache; this,
     * 12.6.)
     */
    static void weights(float[] w, float[] u, int co0, int co1) {
        int n = co1 - co0;
        float[] h = new float[6 * n];
        for (int ci = 0; ci < C1; ci++) {
            int at = ci * C2 + co0; // tap 0 of w and point 0 of u
            // G·g's middle rows: h[k] = (g0k + g1k + g2k) / 2, h[3 + k] = (g0k - g1k + g2k) / 2
            for (int k = 0; k < 3; k++) {
                int g0 = at + k * TAP, g1 = g0 + 3 * TAP, g2 = g0 + 6 * TAP;
                for (int j = 0; j < n; j++) {
                    h[k * n + j] = 0.5f * (w[g0 + j] + w[g1 + j] + w[g2 + j]);
                }
                for (int j = 0; j < n; j++) {
                    h[(3 + k) * n + j] = 0.5f * (w[g0 + j] - w[g1 + j] + w[g2 + j]);
                }
            }
            // (G·g)·Gᵀ, one row of G·g into four points each
            row(w, at, TAP, n, u, at);
            row(h, 0, n, n, u, at + 4 * TAP);
            row(h, 3 * n, n, n, u, at + 8 * TAP);
            row(w, at + 6 * TAP, TAP, n, u, at + 12 * TAP);
        }
    }

    /**
     * Points {@code r0, (r0 + r1 + r2) / 2, (r0 - r1 + r2) / 2, r2} of u from {@code n} channels'
     * row {@code r0, r1, r2} at {@code src[at]}, {@code src[at + stride]}, {@code src[at + 2·stride]}.
     */
    private static void row(float[] src, int at, int stride, int n, float[] u, int to) {
        int r1 = at + stride, r2 = at + 2 * stride;
        System.arraycopy(src, at, u, to, n);
        for (int j = 0; j < n; j++) {
            u[to + TAP + j] = 0.5f * (src[at + j] + src[r1 + j] + src[r2 + j]);
        }
        for (int j = 0; j < n; j++) {
            u[to + 2 * TAP + j] = 0.5f * (src[at + j] - src[r1 + j] + src[r2 + j]);
        }
        System.arraycopy(src, r2, u, to + 3 * TAP, n);
    }
}
