package dev.mnist4j.predict;

import dev.mnist4j.model.MnistCnn;
import java.awt.image.BufferedImage;

/**
 * The steps of {@link ImagePreprocessing#MNIST}: a picture of a digit, as people draw or photograph
 * one, made to look like an MNIST image.
 *
 * <ol>
 *   <li>Grey levels, transparency on white; the paper's level from the median, and the picture
 *       turned so that ink is high whatever the paper (dark ink on light paper, or light on dark).
 *   <li>Find the digit on a small copy (longest side {@value #FIND} px, area-averaged, which also
 *       smooths noise; a 3×3 median where the copy was enlarged): the paper taken away block by
 *       block (uneven lighting goes with it), ink where it reaches a quarter of the ink's peak, and
 *       of the connected pieces the digit's own (specks, dirt and paper edges left out).
 *   <li>The digit alone, cropped from the full picture to a working size (longest side {@value
 *       #SHAPE} px): its ink mapped to full intensity, its stroke width measured (ink area over
 *       skeleton length); strokes much thinner or thicker than MNIST's are redrawn along their
 *       skeleton with MNIST's width.
 *   <li>The longest side scaled to 20 px with area averaging and the result placed in 28×28 with
 *       its centre of mass in the middle, as MNIST was made.
 * </ol>
 */
final class MnistStyle {
    /** Longest side of the copy the digit is found on. */
    static final int FIND = 192;
    /** Longest side of the working copy of the digit. */
    static final int SHAPE = 128;
    /** Ink counts from this fraction of its peak. */
    private static final float INK_LEVEL = 0.25f;
    /** A picture whose ink peaks below this (0–255 above the paper) is blank. */
    private static final float MIN_INK = 24;
    /** Where MNIST's digits have their centre of mass, in pixel indices (measured: 14.006, 13.997). */
    static final double CENTRE = 14.0;
    /** MNIST's digits are scaled so that their longest side is 20 px. */
    private static final int BOX = 20;
    /**
     * MNIST's stroke width in the 20-px box: ink area over skeleton length of the training images,
     * thresholded as here (median {@value} px).
     */
    static final double MNIST_STROKE = 3.3;
    /**
     * Strokes within {@code THIN..THICK} times MNIST's width keep their shape and shading (most of
     * MNIST's own digits lie within: 0.77–1.41 from the 10th to the 90th percentile); outside it (a pen
     * line on a big page, a marker on a small one) they are redrawn along their skeleton with MNIST's
     * width.
     */
    private static final double THIN = 0.55;

    private static final double THICK = 1.8;

    private MnistStyle() {}

    static int[] toPixels(BufferedImage image) {
        Found found = findDigit(image);
        int[] box = found.box();
        int x0 = box[0];
        int y0 = box[1];
        int cw = box[2] - x0 + 1;
        int ch = box[3] - y0 + 1;
        double scale = Math.min(1.0, (double) SHAPE / Math.max(cw, ch)); // never enlarged: no blur
        int f = Math.max(1, (int) (1 / scale));
        InkImage shape = InkImage.greyOf(image, x0, y0, cw, ch, f)
                .resampled(Math.max(1, (int) Math.round(cw * scale)), Math.max(1, (int) Math.round(ch * scale)));
        if (found.lightPaper()) {
            shape.invert();
        }
        // the paper found on the small copy, taken away here too
        double sx = (double) cw / shape.width;
        double sy = (double) ch / shape.height;
        for (int y = 0; y < shape.height; y++) {
            for (int x = 0; x < shape.width; x++) {
                float paper = found.paper()
                        .sample((x0 + (x + 0.5) * sx) * found.scale(), (y0 + (y + 0.5) * sy) * found.scale());
                int i = y * shape.width + x;
                shape.v[i] = Math.max(0, shape.v[i] - paper);
            }
        }
        float peak = shape.quantile(0.995);
        if (peak < MIN_INK * 0.25f) {
            throw blank();
        }
        InkMask mask = InkMask.threshold(shape, INK_LEVEL * peak);
        mask = mask.only(InkMask.digit(mask.pieces()));
        float[] drawn = strokes(shape, mask, peak);
        return centred(drawn, shape.width, shape.height);
    }

    /**
     * Where the digit is on the picture and what the paper is like there.
     *
     * @param box        {@code [minX, minY, maxX, maxY]} of the digit in the full picture, with a margin
     * @param lightPaper whether the paper is lighter than the ink (the grey levels are then turned)
     * @param paper      the paper's level (ink units), on the small copy
     * @param scale      the small copy's size over the picture's
     */
    private record Found(int[] box, boolean lightPaper, InkImage paper, double scale) {}

    /** The digit on a small grey copy of the picture, turned so that ink is high. */
    private static Found findDigit(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double s = (double) FIND / Math.max(w, h);
        InkImage small = InkImage.greyOf(image, 0, 0, w, h, Math.max(1, (int) (1 / s)))
                .resampled(Math.max(1, (int) Math.round(w * s)), Math.max(1, (int) Math.round(h * s)));
        boolean lightPaper = small.quantile(0.5) > 127; // most of a picture is paper
        if (lightPaper) {
            small.invert();
        }
        InkImage paper = small.background(FIND / 6);
        small.subtract(paper);
        if (s >= 1.5) { // enlarged, so not smoothed by averaging: a median takes out single-pixel noise
            small = small.median3();
        }
        float peak = small.quantile(0.998);
        if (peak < MIN_INK) {
            throw blank();
        }
        InkMask mask = InkMask.threshold(small, INK_LEVEL * peak);
        int[] b = mask.only(InkMask.digit(mask.pieces())).bounds();
        if (b == null) {
            throw blank();
        }
        int margin = Math.max(2, Math.max(b[2] - b[0], b[3] - b[1]) / 10);
        int[] box = {
            Math.max(0, (int) Math.floor((b[0] - margin) / s)),
            Math.max(0, (int) Math.floor((b[1] - margin) / s)),
            Math.min(w - 1, (int) Math.ceil((b[2] + 1 + margin) / s) - 1),
            Math.min(h - 1, (int) Math.ceil((b[3] + 1 + margin) / s) - 1)
        };
        return new Found(box, lightPaper, paper, s);
    }

    /**
     * The digit's ink, 0–255: its own shading stretched to full intensity where its strokes are about
     * as wide as MNIST's, else its skeleton redrawn with MNIST's width (a round pen).
     */
    private static float[] strokes(InkImage shape, InkMask mask, float peak) {
        int[] b = mask.bounds();
        if (b == null) {
            throw blank();
        }
        InkMask skeleton = mask.skeleton();
        double width = (double) mask.count() / Math.max(1, skeleton.count());
        double target = MNIST_STROKE * Math.max(b[2] - b[0] + 1, b[3] - b[1] + 1) / BOX;
        float[] out = new float[shape.v.length];
        double ratio = width / target;
        if (ratio < THIN || ratio > THICK) {
            InkMask pen = skeleton.dilated(target / 2);
            for (int i = 0; i < out.length; i++) {
                out[i] = pen.on[i] ? 255f : 0f;
            }
        } else {
            InkMask near = mask.dilated(2.5); // the strokes' soft edges, without the paper's noise
            for (int i = 0; i < out.length; i++) {
                out[i] = near.on[i] ? Math.min(255f, shape.v[i] * 255f / peak) : 0f;
            }
        }
        return out;
    }

    /** Crop to the ink, longest side to 20 px (area averaging), centre of mass to the middle of 28×28. */
    private static int[] centred(float[] ink, int w, int h) {
        InkMask any = InkMask.threshold(new InkImage(w, h, ink), 1f);
        int[] b = any.bounds();
        if (b == null) {
            throw blank();
        }
        int cw = b[2] - b[0] + 1;
        int ch = b[3] - b[1] + 1;
        int sw = cw >= ch ? BOX : Math.max(1, Math.round(BOX * (float) cw / ch));
        int sh = ch >= cw ? BOX : Math.max(1, Math.round(BOX * (float) ch / cw));
        InkImage small = new InkImage(w, h, ink).crop(b[0], b[1], cw, ch).resampled(sw, sh);
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                double v = small.v[y * sw + x];
                mass += v;
                mx += v * x;
                my += v * y;
            }
        }
        double cx = mass > 0 ? mx / mass : (sw - 1) / 2.0;
        double cy = mass > 0 ? my / mass : (sh - 1) / 2.0;
        int size = MnistCnn.IMAGE_SIZE;
        int offX = (int) Math.round(CENTRE - cx);
        int offY = (int) Math.round(CENTRE - cy);
        int[] out = new int[MnistCnn.PIXELS];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int tx = x + offX;
                int ty = y + offY;
                if (tx >= 0 && tx < size && ty >= 0 && ty < size) {
                    out[ty * size + tx] = Math.max(0, Math.min(255, Math.round(small.v[y * sw + x])));
                }
            }
        }
        return out;
    }

    private static ImageFileException blank() {
        return new ImageFileException("no ink found: the image looks blank (no stroke darker or lighter than its"
                + " background), so there is no digit to recognise");
    }
}
