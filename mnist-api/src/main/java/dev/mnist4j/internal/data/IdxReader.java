package dev.mnist4j.internal.data;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.data.InvalidDataException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apiguardian.api.API;

/**
 * Reads IDX files, the format MNIST ships in: a big-endian magic number ({@code 0x00000803} for
 * unsigned-byte images, {@code 0x00000801} for unsigned-byte labels), the dimensions as big-endian
 * 32-bit integers, then the bytes. Files may be raw or gzip-compressed; gzip is recognised by its
 * own magic bytes, not by the file name.
 */
@API(status = INTERNAL)
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    /** Images as stored: {@code count × rows × cols} unsigned bytes. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    private IdxReader() {}

    /** The file's uncompressed content (gunzipped when it is gzip). */
    public static byte[] readContent(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readContent(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("data file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidDataException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The stream's uncompressed content; {@code source} names it in error messages. */
    public static byte[] readContent(InputStream raw, String source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 != 0x1f || b1 != 0x8b) {
            return in.readAllBytes();
        }
        try (GZIPInputStream gz = new GZIPInputStream(in, 1 << 16)) {
            return gz.readAllBytes();
        } catch (EOFException | ZipException e) {
            throw new InvalidDataException(
                    source + ": corrupt or truncated gzip stream (" + e.getMessage()
                            + "); replace the file with a good copy",
                    e);
        }
    }

    public static Images parseImages(byte[] content, String source) {
        ByteBuffer header = header(content, source, IMAGES_MAGIC, 16, "images");
        int count = dimension(header, source, "image count");
        int rows = dimension(header, source, "rows");
        int cols = dimension(header, source, "columns");
        long expected = 16L + (long) count * rows * cols;
        checkLength(content, expected, source, count + " images of " + rows + "×" + cols);
        byte[] pixels = new byte[(int) (expected - 16)];
        System.arraycopy(content, 16, pixels, 0, pixels.length);
        return new Images(count, rows, cols, pixels);
    }

    public static byte[] parseLabels(byte[] content, String source) {
        ByteBuffer header = header(content, source, LABELS_MAGIC, 8, "labels");
        int count = dimension(header, source, "label count");
        checkLength(content, 8L + count, source, count + " labels");
        byte[] labels = new byte[count];
        System.arraycopy(content, 8, labels, 0, count);
        return labels;
    }

    private static ByteBuffer header(byte[] content, String source, int magic, int size, String what) {
        if (content.length < 4) {
            throw new InvalidDataException(source + ": truncated: " + content.length + " bytes is shorter than the "
                    + size + "-byte IDX " + what + " header");
        }
        ByteBuffer header = ByteBuffer.wrap(content); // big-endian, as IDX is
        int found = header.getInt();
        if (found != magic) {
            String hint = found == IMAGES_MAGIC
                    ? " (an images file)"
                    : found == LABELS_MAGIC ? " (a labels file)" : " (not an IDX file)";
            throw new InvalidDataException(String.format(
                    Locale.ROOT,
                    "%s: wrong magic number 0x%08x%s, expected 0x%08x for IDX %s",
                    source,
                    found,
                    hint,
                    magic,
                    what));
        }
        if (content.length < size) {
            throw new InvalidDataException(source + ": truncated: " + content.length + " bytes is shorter than the "
                    + size + "-byte IDX " + what + " header");
        }
        return header;
    }

    private static int dimension(ByteBuffer header, String source, String name) {
        int d = header.getInt();
        if (d < 0) {
            throw new InvalidDataException(source + ": negative " + name + " " + d + " in the IDX header");
        }
        return d;
    }

    private static void checkLength(byte[] content, long expected, String source, String what) {
        if (content.length < expected) {
            throw new InvalidDataException(source + ": truncated: the header announces " + what + " (" + expected
                    + " bytes) but the data has only " + content.length + " bytes");
        }
    }
}
