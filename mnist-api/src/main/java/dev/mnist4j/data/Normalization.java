package dev.mnist4j.data;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * How a pixel byte becomes a network input: {@code (x/255 − mean) / std}. The tutorial's
 * {@code Normalize((0.5,), (0.5,))} is the default, mapping [0, 255] to [−1, 1].
 */
@API(status = STABLE)
public record Normalization(float mean, float std) {
    public static final Normalization TUTORIAL = new Normalization(0.5f, 0.5f);

    public Normalization {
        if (!(std > 0) || !Float.isFinite(mean) || !Float.isFinite(std)) {
            throw new IllegalArgumentException(
                    "normalisation needs a finite mean and std > 0, got mean=" + mean + " std=" + std);
        }
    }

    /** Parses the form {@link #toString()} writes, {@code (x/255-0.5)/0.5}. */
    public static Normalization parse(String text) {
        String s = text.replace(" ", "");
        if (s.startsWith("(x/255-") && s.contains(")/")) {
            try {
                float mean = Float.parseFloat(s.substring(7, s.indexOf(")/")));
                float std = Float.parseFloat(s.substring(s.indexOf(")/") + 2));
                return new Normalization(mean, std);
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        throw new IllegalArgumentException("cannot read normalisation '" + text + "', expected (x/255-MEAN)/STD");
    }

    public float apply(int pixel) {
        return (pixel / 255f - mean) / std;
    }

    /** A pixel value 0–255 that need not be whole (an interpolated one), normalised. */
    public float apply(float pixel) {
        return (pixel / 255f - mean) / std;
    }

    /** The 256 values a pixel byte maps to, for fast batch preparation. */
    public float[] table() {
        float[] t = new float[256];
        for (int i = 0; i < 256; i++) {
            t[i] = apply(i);
        }
        return t;
    }

    @Override
    public String toString() {
        return "(x/255-" + mean + ")/" + std;
    }
}
