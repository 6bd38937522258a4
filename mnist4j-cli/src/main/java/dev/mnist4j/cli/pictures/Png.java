package dev.mnist4j.cli.pictures;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.io.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apiguardian.api.API;

/** Writes pictures as PNG, atomically like every file mnist4j writes. */
@API(status = INTERNAL)
public final class Png {
    private Png() {}

    public static Path write(BufferedImage image, Path file) {
        try {
            AtomicFile.write(file, out -> ImageIO.write(image, "png", out));
            return file;
        } catch (IOException e) {
            throw new Mnist4jException("cannot write picture " + file + ": " + e.getMessage(), e);
        }
    }

    /** A grey 28×28 picture of MNIST pixels (0–255, light digit on dark). */
    public static BufferedImage digit(int[] pixels) {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, 28, 28, pixels);
        return img;
    }
}
