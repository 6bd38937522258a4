package dev.mnist4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final Augmentation AFFINE = Augmentation.randomAffine(12, 2, 0.9, 1.1, 10);

    /** A ramp: pixel (x, y) = 4x + 3y + 20, which bilinear interpolation reproduces exactly. */
    private static byte[] ramp() {
        byte[] px = new byte[784];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                px[y * 28 + x] = (byte) (4 * x + 3 * y + 20);
            }
        }
        return px;
    }

    /** {@code n} images of a blob at a place that depends on the image, labels i mod 10. */
    private static DataSet blobs(int n) {
        byte[] px = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            int cx = 8 + i % 12, cy = 8 + (i / 12) % 12;
            for (int y = cy - 3; y <= cy + 3; y++) {
                for (int x = cx - 3; x <= cx + 3; x++) {
                    px[i * 784 + y * 28 + x] = (byte) 200;
                }
            }
        }
        return new DataSet("blobs", px, labels, Normalization.TUTORIAL);
    }

    @Test
    void withoutDistortionEveryPixelIsKeptExactly() {
        byte[] px = ramp();
        float[] out = new float[784];
        Augmentation.randomAffine(0, 0, 1, 1, 0).apply(px, 0, out, 0, 99);
        for (int i = 0; i < 784; i++) {
            assertThat(out[i]).isEqualTo(px[i] & 0xff);
        }
    }

    @Test
    void aFixedZoomSamplesTheImageAboutItsCentreAsComputedByHand() {
        byte[] px = ramp();
        float[] out = new float[784];
        // scale 2 exactly: output (x, y) samples the source at ((x − 13.5)/2 + 13.5, (y − 13.5)/2 + 13.5),
        // where the ramp's value is 4·sx + 3·sy + 20.
        Augmentation.randomAffine(0, 0, 2, 2, 0).apply(px, 0, out, 0, 7);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double sx = (x - 13.5) / 2 + 13.5, sy = (y - 13.5) / 2 + 13.5;
                assertThat(out[y * 28 + x]).isCloseTo((float) (4 * sx + 3 * sy + 20), within(1e-3f));
            }
        }
    }

    @Test
    void outsideTheImageIsBlack() {
        byte[] px = ramp();
        float[] out = new float[784];
        Augmentation.randomAffine(0, 0, 0.5, 0.5, 0).apply(px, 0, out, 0, 7);
        // scale ½: the corner samples the source at (−13.5, −13.5), far outside it
        assertThat(out[0]).isZero();
        assertThat(out[783]).isZero();
        assertThat(out[14 * 28 + 14]).isPositive();
    }

    @Test
    void aDistortionKeepsTheInkRoughlyAndMovesIt() {
        DataSet ds = blobs(1);
        float[] plain = ds.slice(0, 1).images();
        int moved = 0;
        for (long seed = 0; seed < 50; seed++) {
            float[] out = new float[784];
            AFFINE.apply(bytes(ds.rawImage(0)), 0, out, 0, seed);
            double ink = 0;
            for (float v : out) {
                ink += v;
            }
            // 49 pixels of 200; zoom 0.9–1.1 scales the area by 0.81–1.21
            assertThat(ink).isBetween(0.75 * 49 * 200, 1.25 * 49 * 200);
            float[] normalised = new float[784];
            for (int i = 0; i < 784; i++) {
                normalised[i] = Normalization.TUTORIAL.apply(out[i]);
            }
            moved += java.util.Arrays.equals(normalised, plain) ? 0 : 1;
        }
        assertThat(moved).isEqualTo(50);
    }

    @Test
    void theSameSeedGivesTheSameBatchesOnAnyThreadAndEachEpochItsOwn() throws Exception {
        DataSet ds = blobs(300);
        List<Batch> once = batches(ds, 5L);
        assertThat(batches(ds, 5L)).isEqualTo(once);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Batch>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> batches(ds, 5L)));
            }
            for (Future<List<Batch>> run : runs) {
                assertThat(run.get()).isEqualTo(once);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Batch> otherEpoch = batches(ds, 6L);
        assertThat(otherEpoch.get(0).images()).isNotEqualTo(once.get(0).images());
        // labels travel with their images, undistorted
        List<Batch> plain = new ArrayList<>();
        ds.batches(64, 5L, false).forEach(plain::add);
        for (int i = 0; i < once.size(); i++) {
            assertThat(once.get(i).labels()).isEqualTo(plain.get(i).labels());
            assertThat(once.get(i).images()).isNotEqualTo(plain.get(i).images());
        }
    }

    @Test
    void noAugmentationGivesTheTutorialsBatches() {
        DataSet ds = blobs(100);
        List<Batch> plain = new ArrayList<>();
        ds.batches(32, 3L, false).forEach(plain::add);
        List<Batch> none = new ArrayList<>();
        ds.batches(32, 3L, false, Augmentation.NONE).forEach(none::add);
        assertThat(none).isEqualTo(plain);
    }

    @Test
    void elasticDistortionBendsWithoutLosingTheDigit() {
        DataSet ds = blobs(1);
        float[] affineOnly = new float[784];
        float[] elastic = new float[784];
        byte[] px = bytes(ds.rawImage(0));
        AFFINE.apply(px, 0, affineOnly, 0, 3);
        AFFINE.withElastic(34, 4).apply(px, 0, elastic, 0, 3);
        assertThat(elastic).isNotEqualTo(affineOnly);
        double ink = 0;
        for (float v : elastic) {
            ink += v;
        }
        assertThat(ink).isBetween(0.5 * 49 * 200, 1.5 * 49 * 200);
    }

    @Test
    void readsAndPrintsTheCommandLineSyntax() {
        Augmentation a = Augmentation.parse("affine:degrees=12,translate=2,scale=0.9-1.1,shear=10");
        assertThat(a).isEqualTo(AFFINE);
        assertThat(a).hasToString("RandomAffine(degrees=12, translate=2px, scale=0.9-1.1, shear=10)");
        assertThat(Augmentation.parse("affine:degrees=10,elastic=34/4"))
                .isEqualTo(new Augmentation(10, 0, 1, 1, 0, 34, 4))
                .hasToString(
                        "RandomAffine(degrees=10, translate=0px, scale=1-1, shear=0) + Elastic(alpha=34, sigma=4)");
        assertThat(Augmentation.parse("none")).isSameAs(Augmentation.NONE);
        assertThat(Augmentation.NONE.isNone()).isTrue();
        assertThat(AFFINE.isNone()).isFalse();
    }

    @Test
    void badSettingsAreClearErrors() {
        assertThatThrownBy(() -> Augmentation.parse("rotate:10")).hasMessageContaining("use none or affine:");
        assertThatThrownBy(() -> Augmentation.parse("affine:spin=3")).hasMessageContaining("unknown key 'spin'");
        assertThatThrownBy(() -> Augmentation.parse("affine:degrees=ten"))
                .hasMessageContaining("'ten' is not a number");
        assertThatThrownBy(() -> Augmentation.randomAffine(200, 0, 1, 1, 0))
                .hasMessageContaining("degrees must be in 0–180");
        assertThatThrownBy(() -> Augmentation.randomAffine(0, 0, 1.2, 0.8, 0)).hasMessageContaining("0 < min <= max");
        assertThatThrownBy(() -> Augmentation.randomAffine(0, 20, 1, 1, 0))
                .hasMessageContaining("translate must be in 0–14");
    }

    private static List<Batch> batches(DataSet ds, long seed) {
        List<Batch> out = new ArrayList<>();
        ds.batches(64, seed, false, AFFINE).forEach(out::add);
        return out;
    }

    private static byte[] bytes(int[] raw) {
        byte[] b = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            b[i] = (byte) raw[i];
        }
        return b;
    }
}
