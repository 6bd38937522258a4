package dev.mnist4j.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that lie about their size, each read in a child JVM capped at a 256 MB heap: each must be
 * refused with an error naming the limit, never read until memory runs out.
 */
class BoundedMemoryTest {
    static final String HEAP = "-Xmx256m";

    @TempDir
    Path dir;

    private static String probe(String kind, Path file) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        HEAP,
                        "-cp",
                        cp,
                        HostileFileProbe.class.getName(),
                        kind,
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", file.getFileName(), out).isZero();
        assertThat(out).startsWith("REFUSED ");
        return out;
    }

    private static byte[] idxHeader(int count) {
        return ByteBuffer.allocate(16)
                .putInt(0x803)
                .putInt(count)
                .putInt(28)
                .putInt(28)
                .array();
    }

    @Test
    void anIdxHeaderClaimingTwoBillionImages() throws Exception {
        Path raw = Files.write(dir.resolve("huge-count-idx3-ubyte"), idxHeader(Integer.MAX_VALUE));
        assertThat(probe("idx", raw)).contains("limit of 1,073,741,824 bytes");
        Path gz = dir.resolve("huge-count-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(idxHeader(Integer.MAX_VALUE));
            out.write(new byte[784]);
        }
        assertThat(probe("idx", gz)).contains("limit of 1,073,741,824 bytes");
    }

    @Test
    void aGzipStreamThatInflatesFarBeyondItsHeader() throws Exception {
        Path gz = dir.resolve("bomb-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
            out.write(idxHeader(10));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) { // 1 GiB of zeros, about 1 MB compressed
                out.write(zeros);
            }
        }
        assertThat(Files.size(gz)).isLessThan(5L << 20);
        assertThat(probe("idx", gz)).contains("more data than the IDX header announces (7,856 bytes)");
    }

    @Test
    void aSafetensorsHeaderLengthOfTwoToTheSixtyThird() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(Long.MIN_VALUE).put((byte) '{').put((byte) '}');
        Path file = Files.write(dir.resolve("liar.safetensors"), b.array());
        assertThat(probe("model", file)).contains("header length 9223372036854775808");
        Path big = dir.resolve("big.safetensors");
        try (FileChannel ch = FileChannel.open(big, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.position(300L << 20); // sparse: 300 MB without writing them
            ch.write(ByteBuffer.wrap(new byte[1]));
        }
        assertThat(probe("model", big)).contains("limit of 268,435,456 bytes");
    }

    @Test
    void aPickleThatNestsOrRepeatsWithoutEnd() throws Exception {
        byte[] marks = new byte[12 << 20]; // 12 million MARKs: each would hold a stack slot
        java.util.Arrays.fill(marks, (byte) '(');
        assertThat(probe("model", pth("nest.pth", marks))).contains("limit of 100,000 items");
        ByteArrayOutputStream repeat = new ByteArrayOutputStream();
        repeat.write(new byte[] {(byte) 0x80, 2, ']', 'q', 0}); // an empty list, memoized as 0
        for (int i = 0; i < 2_000_000; i++) {
            repeat.write(new byte[] {'h', 0}); // pushed again and again
        }
        assertThat(probe("model", pth("repeat.pth", repeat.toByteArray()))).contains("limit of 100,000 items");
    }

    @Test
    void aPthWhosePickleInflatesToAGigabyte() throws Exception {
        Path file = dir.resolve("zipbomb.pth");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("zipbomb/data.pkl"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(probe("model", file)).contains("more than the 16,777,216 bytes");
    }

    @Test
    void aPictureWhoseHeaderClaimsTwentyThousandByTwentyThousandPixels() throws Exception {
        Path png = Files.write(dir.resolve("huge.png"), pngHeaderOnly(20_000, 20_000));
        assertThat(probe("image", png)).contains("20000×20000").contains("limit of 50,000,000 pixels");
    }

    /** A zip as torch.save writes it, with only the given pickle. */
    private Path pth(String name, byte[] pickle) throws IOException {
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(name.replace(".pth", "") + "/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
        }
        return file;
    }

    private static byte[] pngHeaderOnly(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .array();
        d.writeInt(13);
        byte[] typed = new byte[17];
        System.arraycopy("IHDR".getBytes(StandardCharsets.US_ASCII), 0, typed, 0, 4);
        System.arraycopy(ihdr, 0, typed, 4, 13);
        d.write(typed);
        CRC32 crc = new CRC32();
        crc.update(typed);
        d.writeInt((int) crc.getValue());
        return out.toByteArray();
    }
}
