package dev.mnist4j.tck;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mnist4j.model.StateDict;
import org.apiguardian.api.API;

/**
 * The tutorial's CNN forward pass written as plainly as possible — direct loops, double precision,
 * no tricks — as an independent truth for every backend's logits.
 */
@API(status = EXPERIMENTAL)
public final class ReferenceCnn {
    private ReferenceCnn() {}

    public static double[] logits(StateDict s, float[] images, int index) {
        float[] w1 = s.get("conv1.weight").data();
        float[] b1 = s.get("conv1.bias").data();
        float[] w2 = s.get("conv2.weight").data();
        float[] b2 = s.get("conv2.bias").data();
        float[] w3 = s.get("fc1.weight").data();
        float[] b3 = s.get("fc1.bias").data();
        float[] w4 = s.get("fc2.weight").data();
        float[] b4 = s.get("fc2.bias").data();
        double[][][] x = new double[1][28][28];
        for (int i = 0; i < 784; i++) {
            x[0][i / 28][i % 28] = images[index * 784 + i];
        }
        double[][][] a = pool(relu(conv(x, w1, b1, 32)));
        double[][][] c = pool(relu(conv(a, w2, b2, 64)));
        double[] flat = new double[1600];
        for (int ch = 0; ch < 64; ch++) {
            for (int y = 0; y < 5; y++) {
                for (int xx = 0; xx < 5; xx++) {
                    flat[ch * 25 + y * 5 + xx] = c[ch][y][xx];
                }
            }
        }
        double[] h = linear(flat, w3, b3, 64);
        for (int i = 0; i < h.length; i++) {
            h[i] = Math.max(0, h[i]);
        }
        return linear(h, w4, b4, 10);
    }

    private static double[][][] conv(double[][][] in, float[] w, float[] b, int out) {
        int cin = in.length;
        int oh = in[0].length - 2;
        int ow = in[0][0].length - 2;
        double[][][] r = new double[out][oh][ow];
        for (int o = 0; o < out; o++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    double sum = b[o];
                    for (int c = 0; c < cin; c++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                sum += w[((o * cin + c) * 3 + ky) * 3 + kx] * in[c][y + ky][x + kx];
                            }
                        }
                    }
                    r[o][y][x] = sum;
                }
            }
        }
        return r;
    }

    private static double[][][] relu(double[][][] t) {
        for (double[][] m : t) {
            for (double[] row : m) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = Math.max(0, row[i]);
                }
            }
        }
        return t;
    }

    private static double[][][] pool(double[][][] t) {
        int oh = t[0].length / 2;
        int ow = t[0][0].length / 2;
        double[][][] r = new double[t.length][oh][ow];
        for (int c = 0; c < t.length; c++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    r[c][y][x] = Math.max(
                            Math.max(t[c][2 * y][2 * x], t[c][2 * y][2 * x + 1]),
                            Math.max(t[c][2 * y + 1][2 * x], t[c][2 * y + 1][2 * x + 1]));
                }
            }
        }
        return r;
    }

    private static double[] linear(double[] in, float[] w, float[] b, int out) {
        double[] r = new double[out];
        for (int o = 0; o < out; o++) {
            double sum = b[o];
            for (int i = 0; i < in.length; i++) {
                sum += w[o * in.length + i] * in[i];
            }
            r[o] = sum;
        }
        return r;
    }
}
