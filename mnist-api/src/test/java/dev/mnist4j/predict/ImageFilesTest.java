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
