package dev.mnist4j.predict;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * A picture as one float per pixel, for {@link MnistStyle}: grey levels 0–255 (transparency laid on
 * white), later turned into ink strength (ink high, paper low). Mutable; each step says what it
 * changes.
 */
final class InkImage {
    final int width;
    final int height;
    final float[] v;

    InkImage(int width, int height, float[] v) {
        this.width = width;
        this.height = height;
        this.v = v;
    }

    InkImage(int width, int height) {
        this(width, height, new float[width * height]);
    }

    /**
     * The luminance 0–255 of a rectangle of the picture (transparency laid on white), each {@code
     * f×f} block of pixels averaged into one: the picture is read once, and never held at full size.
     * The common layouts are read from their arrays directly.
     */
    static InkImage greyOf(BufferedImage image, int x0, int y0, int w, int h, int f) {
        int ow = (w + f - 1) / f;
        int oh = (h + f - 1) / f;
        float[] sums = new float[ow * oh];
        float[] row = new float[w];
        int[] argb = null;
        for (int y = 0; y < h; y++) {
            if (!readRow(image, x0, y0 + y, w, row)) {
                argb = argb == null ? new int[w] : argb;
                image.getRGB(x0, y0 + y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = argb[x];
                    float a = (p >>> 24) / 255f;
                    row[x] = luminance((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff) * a + 255f * (1 - a);
                }
            }
            int base = (y / f) * ow;
            for (int bx = 0, x = 0; bx < ow; bx++) {
                float sum = 0;
                for (int end = Math.min(w, x + f); x < end; x++) {
                    sum += row[x];
                }
                sums[base + bx] += sum;
            }
        }
        for (int by = 0; by < oh; by++) { // blocks at the right and bottom edges may be partial
            int rows = Math.min(f, h - by * f);
            for (int bx = 0; bx < ow; bx++) {
                sums[by * ow + bx] /= rows * Math.min(f, w - bx * f);
            }
        }
        return new InkImage(ow, oh, sums);
    }

    /** One row's luminance straight from the raster's array, for the common opaque layouts; else false. */
    private static boolean readRow(BufferedImage image, int x0, int y, int w, float[] out) {
        if (!isPacked(image)) {
            return false;
        }
        int width = image.getWidth();
        switch (image.getType()) {
            case BufferedImage.TYPE_INT_RGB -> {
                int[] p = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
                for (int x = 0, i = y * width + x0; x < w; x++, i++) {
                    out[x] = luminance((p[i] >> 16) & 0xff, (p[i] >> 8) & 0xff, p[i] & 0xff);
                }
                return true;
            }
            case BufferedImage.TYPE_3BYTE_BGR -> {
                byte[] b = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                for (int x = 0, j = (y * width + x0) * 3; x < w; x++, j += 3) {
                    out[x] = luminance(b[j + 2] & 0xff, b[j + 1] & 0xff, b[j] & 0xff);
                }
                return true;
            }
            case BufferedImage.TYPE_BYTE_GRAY -> {
                byte[] b = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                for (int x = 0, i = y * width + x0; x < w; x++, i++) {
                    out[x] = b[i] & 0xff;
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Whether the raster is the image's whole, unshared buffer in the standard layout, so its array can be read directly. */
    private static boolean isPacked(BufferedImage image) {
        java.awt.image.SampleModel m = image.getSampleModel();
        boolean standard = m instanceof java.awt.image.SinglePixelPackedSampleModel sp
                        && sp.getScanlineStride() == image.getWidth()
                || m instanceof java.awt.image.PixelInterleavedSampleModel pi
                        && pi.getScanlineStride() == image.getWidth() * pi.getPixelStride();
        return standard
                && image.getRaster().getParent() == null
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0;
    }

    private static float luminance(int r, int g, int b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    /** Turns 0–255 grey levels upside down: dark ink on light paper becomes high ink on low paper. */
    void invert() {
        for (int i = 0; i < v.length; i++) {
            v[i] = 255 - v[i];
        }
    }

    /** The value at fraction {@code q} (0–1) of the sorted values, from a 256-bin histogram of 0–255. */
    float quantile(double q) {
        int[] bins = new int[257];
        for (float x : v) {
            bins[Math.max(0, Math.min(256, Math.round(x)))]++;
        }
        long target = (long) Math.ceil(q * v.length);
        long seen = 0;
        for (int i = 0; i < bins.length; i++) {
            seen += bins[i];
            if (seen >= target) {
                return i;
            }
        }
        return 256;
    }

    /** A new image of the given size: area-averaged where it shrinks, bilinear where it grows. */
    InkImage resampled(int w, int h) {
        InkImage rows = new InkImage(w, height);
        for (int y = 0; y < height; y++) {
            resample1d(v, y * width, 1, width, rows.v, y * w, 1, w);
        }
        InkImage out = new InkImage(w, h);
        for (int x = 0; x < w; x++) {
            resample1d(rows.v, x, w, height, out.v, x, w, h);
        }
        return out;
    }

    /** One row or column: {@code n} values from {@code src} (stride {@code ss}) to {@code m} in {@code dst}. */
    private static void resample1d(float[] src, int s0, int ss, int n, float[] dst, int d0, int ds, int m) {
        double scale = (double) n / m;
        if (scale >= 1) { // area average: each output covers [i·scale, (i+1)·scale) of the input
            double from = 0;
            double sumFrom = 0; // the integral of the input over [0, from)
            int k = 0; // the input pixel `from` lies in
            double before = 0; // the integral over [0, k)
            for (int i = 0; i < m; i++) {
                double to = Math.min(n, (i + 1) * scale);
                while (k + 1 <= to && k < n) { // whole pixels up to `to`
                    before += src[s0 + k * ss];
                    k++;
                }
                double sumTo = before + (k < n ? (to - k) * src[s0 + k * ss] : 0);
                dst[d0 + i * ds] = (float) ((sumTo - sumFrom) / (to - from));
                from = to;
                sumFrom = sumTo;
            }
        } else { // bilinear, pixel centres aligned
            for (int i = 0; i < m; i++) {
                double pos = Math.max(0, Math.min(n - 1, (i + 0.5) * scale - 0.5));
                int k = (int) pos;
                double t = pos - k;
                int k1 = Math.min(n - 1, k + 1);
                dst[d0 + i * ds] = (float) (src[s0 + k * ss] * (1 - t) + src[s0 + k1 * ss] * t);
            }
        }
    }

    /** The rectangle's pixels as a new image. */
    InkImage crop(int x0, int y0, int w, int h) {
        InkImage out = new InkImage(w, h);
        for (int y = 0; y < h; y++) {
            System.arraycopy(v, (y0 + y) * width + x0, out.v, y * w, w);
        }
        return out;
    }

    /**
     * The paper's level under each pixel: the lowest value of each block of about {@code block}
     * pixels (strokes are narrower than a block, so each block has paper), interpolated between block
     * centres. Uneven lighting is part of it.
     */
    InkImage background(int block) {
        int bx = Math.max(1, (width + block - 1) / block);
        int by = Math.max(1, (height + block - 1) / block);
        float[] mins = new float[bx * by];
        Arrays.fill(mins, Float.MAX_VALUE);
        for (int y = 0; y < height; y++) {
            int row = Math.min(by - 1, y * by / height) * bx;
            for (int x = 0; x < width; x++) {
                int b = row + Math.min(bx - 1, x * bx / width);
                mins[b] = Math.min(mins[b], v[y * width + x]);
            }
        }
        return new InkImage(bx, by, mins).resampled(width, height);
    }

    /** Takes {@code other} (the same size) away, pixel by pixel; what falls below zero becomes zero. */
    void subtract(InkImage other) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i] - other.v[i]);
        }
    }

    /** The value at {@code (x, y)} in this image's pixel units, bilinear between pixel centres. */
    float sample(double x, double y) {
        double fx = Math.max(0, Math.min(width - 1, x - 0.5));
        double fy = Math.max(0, Math.min(height - 1, y - 0.5));
        int x0 = (int) fx;
        int y0 = (int) fy;
        int x1 = Math.min(width - 1, x0 + 1);
        int y1 = Math.min(height - 1, y0 + 1);
        double tx = fx - x0;
        double ty = fy - y0;
        return (float) ((v[y0 * width + x0] * (1 - tx) + v[y0 * width + x1] * tx) * (1 - ty)
                + (v[y1 * width + x0] * (1 - tx) + v[y1 * width + x1] * tx) * ty);
    }

    /** A 3×3 median filter (edges use the nearest pixels): salt-and-pepper noise goes, strokes stay. */
    InkImage median3() {
        InkImage out = new InkImage(width, height);
        float[] n = new float[9];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int k = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = Math.max(0, Math.min(height - 1, y + dy));
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = Math.max(0, Math.min(width - 1, x + dx));
                        n[k++] = v[yy * width + xx];
                    }
                }
                Arrays.sort(n);
                out.v[y * width + x] = n[4];
            }
        }
        return out;
    }
}
