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
import java.util.Arrays;
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

    /**
     * The most data an IDX file may announce: 1 GiB (1.3 million 28×28 images). Reading never
     * holds more than twice what the file really contains, whatever its header says.
     */
    public static final long MAX_BYTES = 1L << 30;

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
            return announced(in, source);
        }
        try (GZIPInputStream gz = new GZIPInputStream(in, 1 << 16)) {
            return announced(gz, source);
        } catch (EOFException | ZipException e) {
            throw new InvalidDataException(
                    source + ": corrupt or truncated gzip stream (" + e.getMessage()
                            + "); replace the file with a good copy",
                    e);
        }
    }

    /**
     * Exactly the bytes the IDX header announces (fewer when the data ends early: parsing then says
     * it is truncated), read as they come rather than allocated from the header; more data than
     * announced, or an announcement over {@link #MAX_BYTES}, is an error.
     */
    private static byte[] announced(InputStream in, String source) throws IOException {
        byte[] head = in.readNBytes(16);
        long size = announcedSize(head);
        if (size < 0) {
            return head; // not an IDX header: parsing says what is wrong
        }
        if (size > MAX_BYTES) {
            throw new InvalidDataException(String.format(
                    Locale.ROOT,
                    "%s: the IDX header announces %,d bytes of data, more than the limit of %,d bytes (1 GiB);"
                            + " the header is damaged, or the data set is too large for mnist4j",
                    source,
                    size,
                    MAX_BYTES));
        }
        byte[] buffer = Arrays.copyOf(head, (int) Math.min(size, Math.max(head.length, 1 << 20)));
        int n = Math.min(head.length, buffer.length);
        while (n < size) {
            if (n == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(size, 2L * n));
            }
            int r = in.read(buffer, n, buffer.length - n);
            if (r < 0) {
                return Arrays.copyOf(buffer, n);
            }
            n += r;
        }
        if (head.length > size || in.read() >= 0) {
            throw new InvalidDataException(String.format(
                    Locale.ROOT,
                    "%s: more data than the IDX header announces (%,d bytes); the file is damaged or not"
                            + " what its header says",
                    source,
                    size));
        }
        return buffer;
    }

    /** The whole file's size by its header, or -1 if the header is not an IDX images or labels header. */
    private static long announcedSize(byte[] head) {
        if (head.length < 8) {
            return -1;
        }
        ByteBuffer h = ByteBuffer.wrap(head);
        int magic = h.getInt();
        long count = h.getInt();
        if (count < 0) {
            return -1;
        }
        if (magic == LABELS_MAGIC) {
            return 8 + count;
        }
        if (magic != IMAGES_MAGIC || head.length < 16) {
            return -1;
        }
        long rows = h.getInt();
        long cols = h.getInt();
        if (rows < 0 || cols < 0) {
            return -1;
        }
        long perImage = rows * cols; // < 2^62
        return perImage > MAX_BYTES ? Long.MAX_VALUE : 16 + count * perImage; // no overflow: < 2^61
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
