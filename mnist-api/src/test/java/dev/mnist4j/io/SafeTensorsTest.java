package dev.mnist4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnist4j.model.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", new Tensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
        t.put("b", new Tensor(new int[] {1}, new float[] {Float.MIN_VALUE}));
        return t;
    }

    /** A file with the given JSON header and data bytes, as the format lays them out. */
    private static byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        return b.array();
    }

    @Test
    void writesWhatItReadsWithMetadataAndOrder() {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, sample(), Map.of("backend", "test"));
        TensorFile c = SafeTensors.read(f);
        assertThat(c.tensors()).containsExactlyEntriesOf(sample());
        assertThat(c.metadata()).containsEntry("backend", "test");
    }

    @Test
    void theLayoutIsTheFormatsLittleEndianHeaderThenData() throws Exception {
        byte[] bytes = SafeTensors.serialize(sample(), Map.of());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).trim();
        assertThat(header)
                .isEqualTo("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[24,28]}}");
        assertThat(b.getFloat(8 + (int) n + 20)).isEqualTo(-6.5f);
        assertThat(bytes).hasSize(8 + (int) n + 28);
    }

    @Test
    void tooShortOrOversizedHeadersAreRefused() {
        assertThatThrownBy(() -> SafeTensors.parse(new byte[5], "x"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("too short");
        byte[] big = file("{}", 0);
        ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertThatThrownBy(() -> SafeTensors.parse(big, "x")).hasMessageContaining("header length 1099511627776");
        byte[] full = SafeTensors.serialize(sample(), Map.of());
        assertThatThrownBy(() -> SafeTensors.parse(Arrays.copyOf(full, 40), "cut.safetensors"))
                .hasMessageContaining("cut.safetensors")
                .hasMessageContaining("truncated");
    }

    @Test
    void aHeaderThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> SafeTensors.parse(file("{not json", 0), "x"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void anUnknownDtypeIsNamed() {
        String h = "{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        assertThatThrownBy(() -> SafeTensors.parse(file(h, 4), "x"))
                .hasMessageContaining("tensor 'a'")
                .hasMessageContaining("'F16'")
                .hasMessageContaining("only F32");
    }

    @Test
    void offsetsPastTheEndOrOverlappingAreRefused() {
        String past = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        assertThatThrownBy(() -> SafeTensors.parse(file(past, 8), "x"))
                .hasMessageContaining("outside the 8 data bytes");
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertThatThrownBy(() -> SafeTensors.parse(file(overlap, 12), "x")).hasMessageContaining("overlap");
        String wrongSize = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        assertThatThrownBy(() -> SafeTensors.parse(file(wrongSize, 8), "x")).hasMessageContaining("needs 12 bytes");
    }

    @Test
    void aNewFileIsReadableByOthersAndAReplacedOneKeepsItsMode() throws Exception {
        Path f = dir.resolve("mode.safetensors");
        SafeTensors.write(f, sample(), Map.of());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-r--r--");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
        SafeTensors.write(f, sample(), Map.of("v", "2"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-rw----");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> SafeTensors.read(dir.resolve("none.safetensors")))
                .hasMessageContaining("none.safetensors")
                .hasMessageContaining("does not exist");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path f = dir.resolve("keep.safetensors");
        SafeTensors.write(f, sample(), Map.of());
        byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> AtomicFile.write(f, out -> {
                    out.write(new byte[1000]);
                    throw new java.io.IOException("disk full");
                }))
                .hasMessageContaining("disk full");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }
}
