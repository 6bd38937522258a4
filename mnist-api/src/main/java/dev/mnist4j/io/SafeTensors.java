package dev.mnist4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnist4j.model.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: a little-endian u64 header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw little-endian data. No code runs on load. mnist4j
 * reads and writes {@code F32} tensors; anything malformed is refused with a message saying what.
 */
final class SafeTensors {
    /** Headers beyond this are refused before being read: ours are a few kilobytes. */
    static final long MAX_HEADER_BYTES = 100L << 20;
    /** Larger files are refused before reading: the CNN's state is 0.5 MB, a checkpoint with Adam's 1.5 MB. */
    static final long MAX_FILE_BYTES = 256L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensors() {}

    static TensorFile read(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ModelFileException(String.format(
                        java.util.Locale.ROOT,
                        "%s: %,d bytes is more than the limit of %,d bytes for a model or checkpoint file;"
                                + " this is not an MNIST CNN's state",
                        file,
                        size,
                        MAX_FILE_BYTES));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException("model file " + file + " does not exist");
        } catch (IOException e) {
            throw new ModelFileException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    static TensorFile parse(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new ModelFileException(source + ": not a safetensors file: " + bytes.length
                    + " bytes is too short for the 8-byte header length");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > bytes.length - 8L) {
            throw new ModelFileException(source + ": not a safetensors file or truncated: header length "
                    + Long.toUnsignedString(headerLength) + " does not fit the file's " + bytes.length + " bytes");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ModelFileException(
                    source + ": safetensors header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new ModelFileException(source + ": safetensors header is not a JSON object");
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = bytes.length - (long) dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                field.getValue()
                        .properties()
                        .forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                entries.add(entry(field.getKey(), field.getValue(), dataLength, source));
            }
        }
        checkNoOverlap(entries, source);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            float[] data = new float[(int) (e.end - e.begin) / 4];
            ByteBuffer slice = ByteBuffer.wrap(bytes, dataStart + (int) e.begin, (int) (e.end - e.begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            slice.asFloatBuffer().get(data);
            tensors.put(e.name, new Tensor(e.shape, data));
        }
        return new TensorFile(tensors, metadata);
    }

    private record Entry(String name, int[] shape, long begin, long end) {}

    private static Entry entry(String name, JsonNode node, long dataLength, String source) {
        String what = source + ": tensor '" + name + "'";
        String dtype = node.path("dtype").asText("");
        if (!dtype.equals("F32")) {
            throw new ModelFileException(what + " has dtype '" + dtype + "'; mnist4j reads only F32 tensors");
        }
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new ModelFileException(what + " lacks a shape array or a [begin, end] data_offsets pair");
        }
        int[] shape = new int[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = shapeNode.get(i).asLong(-1);
            if (!shapeNode.get(i).canConvertToInt() || d < 0) {
                throw new ModelFileException(what + " has an invalid dimension " + shapeNode.get(i));
            }
            shape[i] = (int) d;
            elements *= d;
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLength) {
            throw new ModelFileException(what + " has data_offsets [" + begin + ", " + end + "] outside the "
                    + dataLength + " data bytes: the file is truncated or corrupt");
        }
        if (end - begin != elements * 4) {
            throw new ModelFileException(what + " of shape " + shapeNode + " needs " + elements * 4
                    + " bytes but data_offsets span " + (end - begin));
        }
        return new Entry(name, shape, begin, end);
    }

    private static void checkNoOverlap(List<Entry> entries, String source) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            Entry a = sorted.get(i - 1);
            Entry b = sorted.get(i);
            if (b.begin < a.end) {
                throw new ModelFileException(source + ": tensors '" + a.name + "' and '" + b.name
                        + "' overlap in the data section: the file is corrupt");
            }
        }
    }

    /** The bytes of a safetensors file holding these tensors (in order) and metadata. */
    static byte[] serialize(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            ArrayNode shape = t.putArray("shape");
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            long size = e.getValue().size() * 4L;
            t.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the format pads the header with spaces to 8 bytes
        ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            out.asFloatBuffer().put(t.data());
            out.position(out.position() + t.size() * 4);
        }
        return out.array();
    }

    /** Writes the file atomically: a crash leaves the old file or the new one, never a part. */
    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        byte[] bytes = serialize(tensors, metadata);
        try {
            AtomicFile.write(file, bytes);
        } catch (IOException e) {
            throw new ModelFileException("cannot write model file " + file + ": " + e.getMessage(), e);
        }
    }
}
