package dev.mnist4j.predict;

import dev.mnist4j.model.MnistCnn;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/** The steps of {@link ImagePreprocessing#MNIST}. */
final class MnistStyle {
    /** Ink fainter than this (0–255, above the background) does not count. */
    private static final int INK_THRESHOLD = 40;

    private static final int BOX = 20;

    private MnistStyle() {}

    static int[] toPixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] ink = inkOf(image, w, h);

        // Bounding box of the ink, with a small margin.
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (ink[y * w + x] >= INK_THRESHOLD) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            throw new ImageFileException("no ink found: the image looks blank (no stroke darker or lighter than"
                    + " its background), so there is no digit to recognise");
        }
        int margin = Math.max(1, Math.max(maxX - minX, maxY - minY) / 20);
        minX = Math.max(0, minX - margin);
        minY = Math.max(0, minY - margin);
        maxX = Math.min(w - 1, maxX + margin);
        maxY = Math.min(h - 1, maxY + margin);
        int cw = maxX - minX + 1;
        int ch = maxY - minY + 1;

        BufferedImage crop = new BufferedImage(cw, ch, BufferedImage.TYPE_BYTE_GRAY);
        int[] row = new int[cw];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                row[x] = Math.round(ink[(minY + y) * w + minX + x]);
            }
            crop.getRaster().setPixels(0, y, cw, 1, row);
        }

        // Longest side to 20 px, keeping the aspect ratio.
        int sw = cw >= ch ? BOX : Math.max(1, Math.round(BOX * (float) cw / ch));
        int sh = ch >= cw ? BOX : Math.max(1, Math.round(BOX * (float) ch / cw));
        BufferedImage small = ImagePreprocessing.scaleArea(crop, sw, sh);
        int[] box = new int[sw * sh];
        small.getRaster().getPixels(0, 0, sw, sh, box);

        // Place it so that its centre of mass lands on the centre of the 28×28 image.
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                double v = box[y * sw + x];
                mass += v;
                mx += v * x;
                my += v * y;
            }
        }
        double cx = mass > 0 ? mx / mass : (sw - 1) / 2.0;
        double cy = mass > 0 ? my / mass : (sh - 1) / 2.0;
        int size = MnistCnn.IMAGE_SIZE;
        int offX = (int) Math.round((size - 1) / 2.0 - cx);
        int offY = (int) Math.round((size - 1) / 2.0 - cy);
        int[] out = new int[MnistCnn.PIXELS];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int tx = x + offX;
                int ty = y + offY;
                if (tx >= 0 && tx < size && ty >= 0 && ty < size) {
                    out[ty * size + tx] = box[y * sw + x];
                }
            }
        }
        return out;
    }

    /**
     * Ink strength 0–255 per pixel: grey values (transparency laid on white), turned so the ink is
     * light whatever the background, the background level taken away, and stretched to full range.
     */
    private static float[] inkOf(BufferedImage image, int w, int h) {
        float[] grey = new float[w * h];
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                float a = (p >>> 24) / 255f;
                float lum = 0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff);
                grey[y * w + x] = lum * a + 255f * (1 - a);
            }
        }
        float background = median(border(grey, w, h));
        boolean lightBackground = background > 127;
        float max = 0;
        float[] ink = new float[w * h];
        for (int i = 0; i < ink.length; i++) {
            float v = lightBackground ? background - grey[i] : grey[i] - background;
            ink[i] = Math.max(0, v);
            max = Math.max(max, ink[i]);
        }
        if (max < INK_THRESHOLD) {
            return new float[w * h]; // nothing stands out from the background
        }
        float scale = 255f / max;
        for (int i = 0; i < ink.length; i++) {
            ink[i] *= scale;
        }
        return ink;
    }

    private static float[] border(float[] grey, int w, int h) {
        float[] b = new float[2 * w + 2 * h];
        int n = 0;
        for (int x = 0; x < w; x++) {
            b[n++] = grey[x];
            b[n++] = grey[(h - 1) * w + x];
        }
        for (int y = 0; y < h; y++) {
            b[n++] = grey[y * w];
            b[n++] = grey[y * w + w - 1];
        }
        return b;
    }

    private static float median(float[] values) {
        float[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
