package dev.mnist4j.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsAPngAndTheTutorialRecipeSquashesItTo28By28Grey() throws Exception {
        BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 28; x < 56; x++) {
                img.setRGB(x, y, 0xffffff); // right half white
            }
        }
        Path f = dir.resolve("half.png");
        ImageIO.write(img, "png", f.toFile());
        int[] px = ImagePreprocessing.TUTORIAL.toPixels(ImageFiles.read(f));
        assertThat(px).hasSize(784);
        assertThat(px[5 * 28 + 3]).isZero();
        assertThat(px[5 * 28 + 24]).isEqualTo(255);
    }

    @Test
    void missingEmptyAndNonImageFilesAreClearErrors() throws Exception {
        assertThatThrownBy(() -> ImageFiles.read(dir.resolve("missing.png")))
                .isInstanceOf(ImageFileException.class)
                .hasMessageContaining("missing.png")
                .hasMessageContaining("no such image file");
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertThatThrownBy(() -> ImageFiles.read(empty)).hasMessageContaining("empty");
        Path text = Files.writeString(dir.resolve("notes.png"), "hello, not a picture");
        assertThatThrownBy(() -> ImageFiles.read(text))
                .hasMessageContaining("notes.png")
                .hasMessageContaining("not an image");
    }

    @Test
    void aHugeImageIsRefusedFromItsHeaderBeforeDecoding() throws Exception {
        Path huge = dir.resolve("huge.png");
        Files.write(huge, pngHeaderOnly(20_000, 20_000));
        assertThatThrownBy(() -> ImageFiles.read(huge))
                .isInstanceOf(ImageFileException.class)
                .hasMessageContaining("20000×20000")
                .hasMessageContaining("50,000,000 pixels");
    }

    @Test
    void bytesDecodeAsTheSameFileDoesWithinTheirOwnPixelLimit() throws Exception {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        img.setRGB(7, 9, 0x123456);
        Path f = dir.resolve("small.png");
        ImageIO.write(img, "png", f.toFile());
        byte[] bytes = Files.readAllBytes(f);
        BufferedImage fromBytes = ImageFiles.read(bytes, "upload", 40 * 30);
        assertThat(fromBytes.getWidth()).isEqualTo(40);
        assertThat(fromBytes.getRGB(7, 9))
                .isEqualTo(ImageFiles.read(f).getRGB(7, 9))
                .isEqualTo(0xff123456);
        assertThatThrownBy(() -> ImageFiles.read(bytes, "upload", 40 * 30 - 1))
                .isInstanceOf(ImageFileException.class)
                .hasMessageContaining("upload: 40×30 is larger than the limit of 1,199 pixels");
        assertThatThrownBy(() -> ImageFiles.read(new byte[0], "upload", 100)).hasMessageContaining("upload: empty");
        assertThatThrownBy(() -> ImageFiles.read("GIF89a but not really".getBytes(), "upload", 100))
                .isInstanceOf(ImageFileException.class)
                .hasMessageContaining("upload");
        assertThatThrownBy(() -> ImageFiles.read(java.util.Arrays.copyOf(bytes, bytes.length / 2), "upload", 10_000))
                .isInstanceOf(ImageFileException.class)
                .hasMessageContaining("upload");
    }

    private Path fixture(String name) throws Exception {
        Path f = dir.resolve(name);
        try (var in = getClass().getResourceAsStream("/dev/mnist4j/predict/files/" + name)) {
            Files.copy(in, f);
        }
        return f;
    }

    /** Mean absolute difference of two 28×28 inputs, 0–255. */
    private static double difference(int[] a, int[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d / a.length;
    }

    /**
     * Files written by ImageMagick and exiftool (scripts/make_image_fixtures.sh) from one drawn 7: each
     * reads as the upright reference does, to what the model sees.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "exif-rotated.jpg",
                "exif-mirrored.jpg",
                "cmyk.jpg",
                "grey16.png",
                "indexed.png",
                "grey-alpha.png"
            })
    void photosAndUnusualPngsReadUprightAsTheReferenceDoes(String name) throws Exception {
        BufferedImage reference = ImageFiles.read(fixture("upright.png"));
        BufferedImage image = ImageFiles.read(fixture(name));
        assertThat(image.getWidth()).as("width, upright").isEqualTo(reference.getWidth());
        assertThat(image.getHeight()).as("height, upright").isEqualTo(reference.getHeight());
        int[] expected = ImagePreprocessing.MNIST.toPixels(reference);
        assertThat(difference(ImagePreprocessing.MNIST.toPixels(image), expected))
                .as("%s: what the model sees, against the upright PNG's", name)
                .isLessThan(6.0);
    }

    @Test
    void theMirroredPhotoReallyIsMirroredOnDiskSoTheOrientationIsWhatMakesItRight() throws Exception {
        BufferedImage reference = ImageFiles.read(fixture("upright.png"));
        BufferedImage stored = ImageIO.read(fixture("exif-mirrored.jpg").toFile()); // no orientation applied
        assertThat(difference(ImagePreprocessing.MNIST.toPixels(stored), ImagePreprocessing.MNIST.toPixels(reference)))
                .isGreaterThan(15.0);
    }

    @Test
    void truncatedFilesAreClearErrors() throws Exception {
        for (String name : new String[] {"truncated.jpg", "truncated.png"}) {
            Path f = fixture(name);
            assertThatThrownBy(() -> ImageFiles.read(f))
                    .as(name)
                    .isInstanceOf(ImageFileException.class)
                    .hasMessageContaining(name)
                    .hasMessageContaining("damaged or cut short");
        }
    }

    /** A PNG signature and IHDR chunk claiming the given size, with no pixel data. */
    private static byte[] pngHeaderOnly(int width, int height) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(chunk);
        c.writeBytes("IHDR");
        c.writeInt(width);
        c.writeInt(height);
        c.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grey, no interlace
        byte[] body = chunk.toByteArray();
        out.writeInt(body.length - 4);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }
}
