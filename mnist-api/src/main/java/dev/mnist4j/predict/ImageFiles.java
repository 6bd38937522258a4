package dev.mnist4j.predict;

import static org.apiguardian.api.API.Status.STABLE;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.exif.EXIFReader;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.apiguardian.api.API;
import org.w3c.dom.Node;

/**
 * Reads picture files as people have them: PNG (8- or 16-bit, grey, palette, with or without
 * transparency), JPEG (RGB, grey or CMYK; photos turned upright by their EXIF orientation), GIF,
 * BMP. What cannot or should not be decoded is an {@link ImageFileException} that says why: not a
 * picture, damaged or cut short, or too large (refused from its header, before decoding).
 */
@API(status = STABLE)
public final class ImageFiles {
    /** Larger pictures are refused before decoding: 50 megapixels is ~200 MB decoded. */
    public static final long MAX_PIXELS = 50_000_000L;

    /** Decoder warnings that mean pixels are missing (others, such as a CMYK JPEG without a profile, do not). */
    private static final java.util.regex.Pattern DAMAGE =
            java.util.regex.Pattern.compile("(?i)truncat|corrupt|premature|missing|end of (file|data|stream)");

    private ImageFiles() {}

    /**
     * The picture in a file, upright.
     *
     * @throws ImageFileException naming the file and what is wrong with it
     */
    public static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ImageFileException(file + ": no such image file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new ImageFileException(file + ": the file is empty, not an image");
            }
        } catch (IOException e) {
            throw new ImageFileException(file + ": cannot read the file (" + e.getMessage() + ")", e);
        }
        return decode(() -> ImageIO.createImageInputStream(file.toFile()), file.toString(), MAX_PIXELS);
    }

    /**
     * The picture in {@code bytes} (an upload, say), upright, if it has at most {@code maxPixels}
     * pixels (checked from its header, before decoding); {@code name} says where it came from in
     * error messages.
     *
     * @throws ImageFileException naming {@code name} and what is wrong with the picture
     */
    public static BufferedImage read(byte[] bytes, String name, long maxPixels) {
        if (bytes.length == 0) {
            throw new ImageFileException(name + ": empty, not an image");
        }
        return decode(() -> new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)), name, maxPixels);
    }

    private interface Opener {
        ImageInputStream open() throws IOException;
    }

    private static BufferedImage decode(Opener opener, String file, long maxPixels) {
        try {
            try (ImageInputStream in = opener.open()) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    throw new ImageFileException(file + ": not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, false);
                    long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                    if (pixels > maxPixels) {
                        throw new ImageFileException(String.format(
                                Locale.ROOT,
                                "%s: %d×%d is larger than the limit of %,d pixels; scale it down first",
                                file,
                                reader.getWidth(0),
                                reader.getHeight(0),
                                maxPixels));
                    }
                    List<String> warnings = new ArrayList<>();
                    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                    BufferedImage image = reader.read(0);
                    for (String warning : warnings) { // a decoder that carries on past missing data says so here
                        if (DAMAGE.matcher(warning).find()) {
                            throw new ImageFileException(file + ": the " + format(reader)
                                    + " file is damaged or cut short (" + warning + "); use a complete copy");
                        }
                    }
                    return upright(image, orientation(reader));
                } finally {
                    reader.dispose();
                }
            }
        } catch (ImageFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ImageFileException(
                    file + ": cannot decode the image: it is damaged or cut short, or of a kind"
                            + " this reader does not support (" + why + ")",
                    e);
        }
    }

    private static String format(ImageReader reader) {
        try {
            return reader.getFormatName().toUpperCase(Locale.ROOT);
        } catch (IOException e) {
            return "image";
        }
    }

    /** The EXIF orientation (1–8) of a JPEG photo, 1 (as stored) when it has none. */
    private static int orientation(ImageReader reader) throws IOException {
        IIOMetadata metadata = reader.getImageMetadata(0);
        if (metadata == null || !List.of(metadata.getMetadataFormatNames()).contains(JPEG_METADATA)) {
            return 1;
        }
        for (Node n = metadata.getAsTree(JPEG_METADATA).getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!n.getNodeName().equals("markerSequence")) {
                continue;
            }
            for (Node m = n.getFirstChild(); m != null; m = m.getNextSibling()) {
                if (m instanceof javax.imageio.metadata.IIOMetadataNode node
                        && "225".equals(node.getAttribute("MarkerTag"))
                        && node.getUserObject() instanceof byte[] app1
                        && app1.length > 6
                        && new String(app1, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("Exif")) {
                    try (ImageInputStream exif =
                            ImageIO.createImageInputStream(new ByteArrayInputStream(app1, 6, app1.length - 6))) {
                        Directory tags = new EXIFReader().read(exif);
                        Entry entry = tags.getEntryById(TIFF.TAG_ORIENTATION);
                        if (entry != null && entry.getValue() instanceof Number value) {
                            int o = value.intValue();
                            return o >= 1 && o <= 8 ? o : 1;
                        }
                    }
                }
            }
        }
        return 1;
    }

    private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

    /** The picture as it should be seen, by EXIF's orientation codes (2–8 mirror and/or turn it). */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation == 1) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        AffineTransform t = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0); // mirrored left to right
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h); // turned half round
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h); // mirrored top to bottom
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0); // mirrored along the main diagonal
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0); // stored a quarter left: turn right
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w); // mirrored along the other diagonal
            default -> new AffineTransform(0, -1, 1, 0, 0, w); // 8: stored a quarter right: turn left
        };
        boolean swap = orientation >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_ARGB);
        new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(toArgb(image), out);
        return out;
    }

    private static BufferedImage toArgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_ARGB) {
            return image;
        }
        BufferedImage argb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        argb.createGraphics().drawImage(image, 0, 0, null);
        return argb;
    }
}
