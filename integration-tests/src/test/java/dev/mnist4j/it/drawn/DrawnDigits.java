package dev.mnist4j.it.drawn;

import dev.mnist4j.data.DataSet;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A test set of digits drawn as pen strokes, made by code from a seed: the shapes of real handwriting
 * (MNIST test images, which training never sees, thinned to their middle lines) drawn with a round
 * pen of a chosen width on pictures of 100 to 1000 px, under one condition each: pen widths, paper
 * tones and colours, lighting, noise, JPEG, rotation and position, size, light ink on dark, specks
 * and a table at the edge, and the tutorial's own kind of picture.
 */
public final class DrawnDigits {

    /** One picture: what it shows, the condition it was made under, and how. */
    public record Picture(BufferedImage image, int label, Condition condition, String how) {}

    /** The conditions, each a way pictures of digits differ from MNIST's. */
    public enum Condition {
        THIN_PEN("pen 1–2 px on 600–1000 px white paper"),
        MEDIUM_PEN("pen 3–6 px on 200–600 px"),
        THICK_PEN("pen 8–15 px on 300–1000 px"),
        GREY_PAPER("grey paper, grey ink"),
        COLOURED_PAPER("coloured paper, coloured ink"),
        LIGHTING("a lighting gradient across the page"),
        NOISE("sensor noise (σ 15–35) on 100–400 px"),
        JPEG("JPEG, quality 30–95"),
        ROTATED("rotated ±15°, anywhere on the page"),
        SIZE("small (12–25% of the page) or large (80–95%)"),
        LIGHT_ON_DARK("light ink on a dark board"),
        SPECKS_AND_EDGE("dirt specks, and a dark table along one edge"),
        TUTORIAL("the tutorial's kind: a white digit filling a black 280 px square");

        public final String description;

        Condition(String description) {
            this.description = description;
        }
    }

    private final DataSet source;

    /** @param source MNIST's test split: the handwriting the shapes come from */
    public DrawnDigits(DataSet source) {
        this.source = source;
    }

    /** {@code perCondition} pictures of each condition, the same for the same seed. */
    public List<Picture> make(int perCondition, long seed) {
        List<Picture> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        int next = 0;
        for (Condition c : Condition.values()) {
            for (int i = 0; i < perCondition; i++) {
                out.add(draw(c, next++, random.split()));
            }
        }
        return out;
    }

    private Picture draw(Condition c, int index, SplittableRandom r) {
        int sample = index * 7 % source.size();
        List<float[]> strokes = segments(source.rawImage(sample));
        int label = source.label(sample);
        int size = switch (c) {
            case THIN_PEN -> r.nextInt(600, 1001);
            case MEDIUM_PEN, JPEG, ROTATED -> r.nextInt(200, 601);
            case THICK_PEN -> r.nextInt(300, 1001);
            case NOISE -> r.nextInt(100, 401);
            case TUTORIAL -> 280;
            default -> r.nextInt(150, 701);
        };
        int w = c == Condition.TUTORIAL ? size : (int) (size * r.nextDouble(0.8, 1.25));
        int h = size;
        double pen = switch (c) {
            case THIN_PEN -> r.nextDouble(1, 2.01);
            case THICK_PEN -> r.nextDouble(8, 15.01);
            case LIGHT_ON_DARK -> r.nextDouble(2, 8.01);
            case TUTORIAL -> 0; // set from the digit's size below
            default -> Math.max(1, Math.min(size / 40.0, r.nextDouble(3, 6.01)));
        };
        double fraction = switch (c) {
            case SIZE -> r.nextBoolean() ? r.nextDouble(0.12, 0.25) : r.nextDouble(0.8, 0.95);
            case TUTORIAL -> 20.0 / 28;
            default -> r.nextDouble(0.35, 0.7);
        };
        double degrees =
                c == Condition.ROTATED ? r.nextDouble(-15, 15) : c == Condition.TUTORIAL ? 0 : r.nextDouble(-6, 6);
        Color paper = Color.WHITE;
        Color ink = new Color(20, 20, 30);
        switch (c) {
            case GREY_PAPER -> {
                int p = r.nextInt(150, 211);
                int k = r.nextInt(30, 81);
                paper = new Color(p, p, p);
                ink = new Color(k, k, k);
            }
            case COLOURED_PAPER -> {
                paper = Color.getHSBColor((float) r.nextDouble(), (float) r.nextDouble(0.15, 0.45), 0.95f);
                ink = Color.getHSBColor((float) r.nextDouble(), (float) r.nextDouble(0.6, 1), 0.45f);
            }
            case LIGHT_ON_DARK -> {
                int p = r.nextInt(20, 61);
                paper = new Color(p, p + 10, p);
                int k = r.nextInt(200, 256);
                ink = new Color(k, k, k);
            }
            case TUTORIAL -> {
                paper = Color.BLACK;
                ink = Color.WHITE;
            }
            default -> {}
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(paper);
        g.fillRect(0, 0, w, h);
        if (c == Condition.LIGHTING) {
            double angle = r.nextDouble(0, 2 * Math.PI);
            int dark = r.nextInt(90, 151);
            g.setPaint(new GradientPaint(
                    (float) (w / 2.0 - Math.cos(angle) * w / 2),
                    (float) (h / 2.0 - Math.sin(angle) * h / 2),
                    Color.WHITE,
                    (float) (w / 2.0 + Math.cos(angle) * w / 2),
                    (float) (h / 2.0 + Math.sin(angle) * h / 2),
                    new Color(dark, dark, dark - 10)));
            g.fillRect(0, 0, w, h);
        }
        // the digit: its 28×28 frame scaled so that the digit's height is `fraction` of the page
        double digit = fraction * h;
        double scale = digit / 20.0;
        if (c == Condition.TUTORIAL) {
            pen = 2.4 * scale; // MNIST's own proportions
        }
        double half = 14 * scale;
        double cx = c == Condition.TUTORIAL
                ? w / 2.0
                : r.nextDouble(Math.min(w / 2.0, half), Math.max(w / 2.0, w - half) + 1e-9);
        double cy = c == Condition.TUTORIAL
                ? h / 2.0
                : r.nextDouble(Math.min(h / 2.0, half), Math.max(h / 2.0, h - half) + 1e-9);
        AffineTransform t = new AffineTransform();
        t.translate(cx, cy);
        t.rotate(Math.toRadians(degrees));
        t.scale(scale, scale);
        t.translate(-14, -14);
        g.setColor(ink);
        g.setStroke(new BasicStroke((float) pen, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (float[] s : strokes) {
            Point2D a = t.transform(new Point2D.Double(s[0], s[1]), null);
            Point2D b = t.transform(new Point2D.Double(s[2], s[3]), null);
            g.draw(new Line2D.Double(a, b));
        }
        if (c == Condition.SPECKS_AND_EDGE) {
            int band = (int) (Math.min(w, h) * r.nextDouble(0.03, 0.08));
            g.setColor(new Color(60, 45, 35)); // a table beyond the paper's edge
            switch (r.nextInt(4)) {
                case 0 -> g.fillRect(0, 0, w, band);
                case 1 -> g.fillRect(0, h - band, w, band);
                case 2 -> g.fillRect(0, 0, band, h);
                default -> g.fillRect(w - band, 0, band, h);
            }
            g.setColor(ink);
            for (int k = 0; k < 6; k++) { // specks: smaller than a stroke's length, anywhere
                double d = Math.max(1.5, pen * r.nextDouble(0.5, 1.5));
                g.fill(new java.awt.geom.Ellipse2D.Double(r.nextDouble(0, w), r.nextDouble(0, h), d, d));
            }
        }
        g.dispose();
        String how = String.format(
                java.util.Locale.ROOT,
                "%s: %d×%d, pen %.1f px, digit %.0f%%, %.0f°",
                c.name().toLowerCase(java.util.Locale.ROOT),
                w,
                h,
                pen,
                fraction * 100,
                degrees);
        if (c == Condition.NOISE) {
            noise(img, r.nextDouble(15, 35), r);
        }
        if (c == Condition.JPEG) {
            float quality = (float) r.nextDouble(0.30, 0.95);
            img = jpeg(img, quality);
            how += String.format(java.util.Locale.ROOT, ", JPEG quality %.0f", quality * 100);
        }
        return new Picture(img, label, c, how);
    }

    /** Gaussian noise of standard deviation {@code sigma} on each channel. */
    private static void noise(BufferedImage img, double sigma, SplittableRandom r) {
        java.util.Random gauss = new java.util.Random(r.nextLong());
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int n = (int) Math.round(gauss.nextGaussian() * sigma);
                int rr = clamp(((p >> 16) & 0xff) + n);
                int gg = clamp(((p >> 8) & 0xff) + n);
                int bb = clamp((p & 0xff) + n);
                img.setRGB(x, y, (rr << 16) | (gg << 8) | bb);
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** The picture written as a JPEG of the given quality and read back. */
    static BufferedImage jpeg(BufferedImage img, float quality) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality);
                writer.write(null, new IIOImage(img, null, null), p);
            } finally {
                writer.dispose();
            }
            return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The middle lines of an MNIST image as segments {@code {x1, y1, x2, y2}} in its 28×28 frame:
     * the image enlarged 4 times (bilinear), thresholded at half, thinned (Zhang and Suen), and each
     * remaining pixel joined to its right, lower and diagonal neighbours.
     */
    static List<float[]> segments(int[] pixels) {
        int n = 112;
        boolean[] on = new boolean[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double fx = Math.max(0, Math.min(27, (x + 0.5) / 4 - 0.5));
                double fy = Math.max(0, Math.min(27, (y + 0.5) / 4 - 0.5));
                int x0 = (int) fx;
                int y0 = (int) fy;
                int x1 = Math.min(27, x0 + 1);
                int y1 = Math.min(27, y0 + 1);
                double tx = fx - x0;
                double ty = fy - y0;
                double v = (pixels[y0 * 28 + x0] * (1 - tx) + pixels[y0 * 28 + x1] * tx) * (1 - ty)
                        + (pixels[y1 * 28 + x0] * (1 - tx) + pixels[y1 * 28 + x1] * tx) * ty;
                on[y * n + x] = v >= 128;
            }
        }
        thin(on, n);
        List<float[]> out = new ArrayList<>();
        int[][] forward = {{1, 0}, {0, 1}, {1, 1}, {-1, 1}};
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (!on[y * n + x]) {
                    continue;
                }
                boolean alone = true;
                for (int[] d : forward) {
                    int xx = x + d[0];
                    int yy = y + d[1];
                    if (xx >= 0 && xx < n && yy < n && on[yy * n + xx]) {
                        out.add(new float[] {(x + 0.5f) / 4, (y + 0.5f) / 4, (xx + 0.5f) / 4, (yy + 0.5f) / 4});
                        alone = false;
                    }
                }
                if (alone) {
                    out.add(new float[] {(x + 0.5f) / 4, (y + 0.5f) / 4, (x + 0.5f) / 4, (y + 0.5f) / 4});
                }
            }
        }
        return out;
    }

    /** Zhang and Suen's thinning (1984), in place, on an n×n mask. */
    private static void thin(boolean[] on, int n) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int pass = 0; pass < 2; pass++) {
                List<Integer> off = new ArrayList<>();
                for (int y = 1; y < n - 1; y++) {
                    for (int x = 1; x < n - 1; x++) {
                        int i = y * n + x;
                        if (!on[i]) {
                            continue;
                        }
                        boolean[] p = {
                            on[i - n],
                            on[i - n + 1],
                            on[i + 1],
                            on[i + n + 1],
                            on[i + n],
                            on[i + n - 1],
                            on[i - 1],
                            on[i - n - 1]
                        };
                        int count = 0;
                        int rises = 0;
                        for (int k = 0; k < 8; k++) {
                            count += p[k] ? 1 : 0;
                            rises += !p[k] && p[(k + 1) % 8] ? 1 : 0;
                        }
                        boolean first = pass == 0
                                ? !(p[0] && p[2] && p[4]) && !(p[2] && p[4] && p[6])
                                : !(p[0] && p[2] && p[6]) && !(p[0] && p[4] && p[6]);
                        if (count >= 2 && count <= 6 && rises == 1 && first) {
                            off.add(i);
                        }
                    }
                }
                for (int i : off) {
                    on[i] = false;
                }
                changed |= !off.isEmpty();
            }
        }
    }
}
