package dev.mnist4j.data;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.model.MnistCnn;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * Random distortions of training images, as torchvision's {@code RandomAffine} (rotation,
 * translation, scale, shear about the centre, bilinear, black outside) followed optionally by
 * Simard's elastic distortion (a random displacement field smoothed by a Gaussian). Off by default:
 * {@link #NONE}.
 *
 * <p>Each image's distortion comes from its own seed (the epoch's and its place in the epoch), and
 * the arithmetic is {@link StrictMath}'s, so the same seed gives the same batches on every backend,
 * JVM and thread count.
 *
 * @param degrees      rotation drawn from ±degrees
 * @param translate    shift in pixels drawn from ±translate, in x and y separately
 * @param scaleMin     smallest zoom factor
 * @param scaleMax     largest zoom factor
 * @param shear        horizontal shear angle drawn from ±shear degrees
 * @param elasticAlpha strength of the elastic displacement in pixels (0: none)
 * @param elasticSigma smoothness of the elastic displacement (Gaussian σ in pixels)
 */
@API(status = STABLE)
public record Augmentation(
        double degrees,
        double translate,
        double scaleMin,
        double scaleMax,
        double shear,
        double elasticAlpha,
        double elasticSigma) {

    /** No augmentation: the tutorial's recipe. */
    public static final Augmentation NONE = new Augmentation(0, 0, 1, 1, 0, 0, 0);

    private static final int SIDE = MnistCnn.IMAGE_SIZE;
    private static final double CENTRE = (SIDE - 1) / 2.0;

    public Augmentation {
        check(degrees >= 0 && degrees <= 180, "degrees must be in 0–180, was " + degrees);
        check(translate >= 0 && translate <= SIDE / 2.0, "translate must be in 0–14 pixels, was " + translate);
        check(
                scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 4,
                "scale must satisfy 0 < min <= max <= 4, was " + scaleMin + "–" + scaleMax);
        check(shear >= 0 && shear < 90, "shear must be in 0–89 degrees, was " + shear);
        check(elasticAlpha >= 0 && elasticAlpha <= 100, "elastic alpha must be in 0–100, was " + elasticAlpha);
        check(
                elasticAlpha == 0 || (elasticSigma >= 0.5 && elasticSigma <= SIDE),
                "elastic sigma must be in 0.5–28 pixels, was " + elasticSigma);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("augmentation: " + message);
        }
    }

    /** torchvision's {@code RandomAffine(degrees, translate, scale, shear)}, with translate in pixels. */
    public static Augmentation randomAffine(
            double degrees, double translatePixels, double scaleMin, double scaleMax, double shearDegrees) {
        return new Augmentation(degrees, translatePixels, scaleMin, scaleMax, shearDegrees, 0, 0);
    }

    /** This affine distortion followed by an elastic one (Simard et al. 2003 used alpha 34, sigma 4 at 29 px). */
    public Augmentation withElastic(double alpha, double sigma) {
        return new Augmentation(degrees, translate, scaleMin, scaleMax, shear, alpha, sigma);
    }

    /**
     * Reads {@code none}, or {@code affine:degrees=12,translate=2,scale=0.9-1.1,shear=10} with any of
     * the keys (missing ones are 0, scale 1) and optionally {@code elastic=ALPHA/SIGMA}.
     */
    public static Augmentation parse(String text) {
        String t = text.trim();
        if (t.equals("none")) {
            return NONE;
        }
        if (!t.startsWith("affine")) {
            throw new IllegalArgumentException("cannot read augmentation '" + text
                    + "': use none or affine:degrees=12,translate=2,scale=0.9-1.1,shear=10[,elastic=8/3]");
        }
        double deg = 0, tr = 0, smin = 1, smax = 1, sh = 0, alpha = 0, sigma = 0;
        String rest = t.substring("affine".length());
        if (rest.startsWith(":")) {
            for (String part : rest.substring(1).split(",")) {
                String[] kv = part.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("augmentation '" + text + "': '" + part + "' is not key=value");
                }
                String v = kv[1].trim();
                try {
                    switch (kv[0].trim()) {
                        case "degrees" -> deg = Double.parseDouble(v);
                        case "translate" -> tr = Double.parseDouble(v);
                        case "shear" -> sh = Double.parseDouble(v);
                        case "scale" -> {
                            String[] mm = v.split("-", 2);
                            smin = Double.parseDouble(mm[0]);
                            smax = mm.length == 2 ? Double.parseDouble(mm[1]) : smin;
                        }
                        case "elastic" -> {
                            String[] as = v.split("/", 2);
                            alpha = Double.parseDouble(as[0]);
                            sigma = as.length == 2 ? Double.parseDouble(as[1]) : 4;
                        }
                        default ->
                            throw new IllegalArgumentException("augmentation '" + text + "': unknown key '" + kv[0]
                                    + "' (degrees, translate, scale, shear, elastic)");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("augmentation '" + text + "': '" + v + "' is not a number", e);
                }
            }
        } else if (!rest.isEmpty()) {
            throw new IllegalArgumentException(
                    "cannot read augmentation '" + text + "': expected affine:KEY=VALUE,...");
        }
        return new Augmentation(deg, tr, smin, smax, sh, alpha, sigma);
    }

    /** Whether it changes nothing. */
    public boolean isNone() {
        return degrees == 0 && translate == 0 && scaleMin == 1 && scaleMax == 1 && shear == 0 && elasticAlpha == 0;
    }

    /**
     * Distorts one 28×28 image.
     *
     * @param pixels grey bytes, the image starting at {@code from}
     * @param out    receives 784 pixel values 0–255 (not normalised), starting at {@code to}
     * @param seed   this image's draw
     */
    public void apply(byte[] pixels, int from, float[] out, int to, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double angle = Math.toRadians(uniform(random, -degrees, degrees));
        double tx = uniform(random, -translate, translate);
        double ty = uniform(random, -translate, translate);
        double scale = uniform(random, scaleMin, scaleMax);
        double sh = Math.toRadians(uniform(random, -shear, shear));
        // Forward map A = rotate(angle) · shearX(sh) · scale; each output pixel samples A⁻¹(p − c − t) + c.
        double cos = StrictMath.cos(angle), sin = StrictMath.sin(angle), tan = StrictMath.tan(sh);
        double a = scale * cos, b = scale * (cos * tan - sin);
        double c = scale * sin, d = scale * (sin * tan + cos);
        double det = a * d - b * c;
        double ia = d / det, ib = -b / det, ic = -c / det, id = a / det;
        double[] dx = null, dy = null;
        if (elasticAlpha > 0) {
            dx = displacement(random);
            dy = displacement(random);
        }
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double px = x - CENTRE - tx, py = y - CENTRE - ty;
                double sx = ia * px + ib * py + CENTRE, sy = ic * px + id * py + CENTRE;
                if (dx != null) {
                    sx += dx[y * SIDE + x];
                    sy += dy[y * SIDE + x];
                }
                out[to + y * SIDE + x] = (float) bilinear(pixels, from, sx, sy);
            }
        }
    }

    private static double uniform(SplittableRandom random, double lo, double hi) {
        double u = random.nextDouble(); // always drawn, so every image takes the same number of draws
        return lo + (hi - lo) * u;
    }

    /** A field of uniform(−1, 1) displacements, smoothed by a Gaussian, times {@code elasticAlpha}. */
    private double[] displacement(SplittableRandom random) {
        double[] field = new double[SIDE * SIDE];
        for (int i = 0; i < field.length; i++) {
            field[i] = random.nextDouble() * 2 - 1;
        }
        int radius = (int) StrictMath.ceil(3 * elasticSigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = StrictMath.exp(-(i * i) / (2 * elasticSigma * elasticSigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        double[] smooth = blur(blur(field, kernel, radius, true), kernel, radius, false);
        for (int i = 0; i < smooth.length; i++) {
            smooth[i] *= elasticAlpha;
        }
        return smooth;
    }

    /** One separable Gaussian pass along rows or columns, zero outside the image. */
    private static double[] blur(double[] in, double[] kernel, int radius, boolean rows) {
        double[] out = new double[in.length];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double s = 0;
                for (int k = -radius; k <= radius; k++) {
                    int xx = rows ? x + k : x, yy = rows ? y : y + k;
                    if (xx >= 0 && xx < SIDE && yy >= 0 && yy < SIDE) {
                        s += kernel[k + radius] * in[yy * SIDE + xx];
                    }
                }
                out[y * SIDE + x] = s;
            }
        }
        return out;
    }

    /** The image at a real position, interpolated between its four neighbours; black outside. */
    private static double bilinear(byte[] pixels, int from, double x, double y) {
        double fx = StrictMath.floor(x), fy = StrictMath.floor(y);
        int x0 = (int) fx, y0 = (int) fy;
        double wx = x - fx, wy = y - fy;
        return (1 - wy) * ((1 - wx) * pixel(pixels, from, x0, y0) + wx * pixel(pixels, from, x0 + 1, y0))
                + wy * ((1 - wx) * pixel(pixels, from, x0, y0 + 1) + wx * pixel(pixels, from, x0 + 1, y0 + 1));
    }

    private static int pixel(byte[] pixels, int from, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0 : pixels[from + y * SIDE + x] & 0xff;
    }

    /** {@code RandomAffine(degrees=12, translate=2px, scale=0.9-1.1, shear=10)}, or {@code none}. */
    @Override
    public String toString() {
        if (isNone()) {
            return "none";
        }
        String s = String.format(
                Locale.ROOT,
                "RandomAffine(degrees=%s, translate=%spx, scale=%s-%s, shear=%s)",
                num(degrees),
                num(translate),
                num(scaleMin),
                num(scaleMax),
                num(shear));
        return elasticAlpha > 0
                ? s + String.format(Locale.ROOT, " + Elastic(alpha=%s, sigma=%s)", num(elasticAlpha), num(elasticSigma))
                : s;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
