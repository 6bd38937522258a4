package dev.mnist4j.predict;

import static org.apiguardian.api.API.Status.STABLE;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apiguardian.api.API;

/** Reads image files with ImageIO, refusing what it cannot or should not decode. */
@API(status = STABLE)
public final class ImageFiles {
    /** Larger pictures are refused before decoding: 50 megapixels is ~200 MB decoded. */
    public static final long MAX_PIXELS = 50_000_000L;

    private ImageFiles() {}

    public static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ImageFileException(file + ": no such image file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new ImageFileException(file + ": the file is empty, not an image");
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    throw new ImageFileException(file + ": not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                    if (pixels > MAX_PIXELS) {
                        throw new ImageFileException(String.format(
                                "%s: %d×%d is larger than the limit of %,d pixels;" + " scale it down first",
                                file, reader.getWidth(0), reader.getHeight(0), MAX_PIXELS));
                    }
                    return reader.read(0);
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageFileException ife) {
                throw ife;
            }
            throw new ImageFileException(file + ": cannot decode the image (" + e.getMessage() + ")", e);
        }
    }
}
