package dev.mnist4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnist4j.model.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * PyTorch's {@code torch.save(model.state_dict(), path)} format, read and written: a zip archive
 * (the default since PyTorch 1.6) whose top folder holds {@code data.pkl} (the pickled OrderedDict)
 * and one {@code data/N} record of raw little-endian values per storage. mnist4j reads and writes
 * float32 tensors; its own metadata rides along in an extra record PyTorch ignores.
 */
final class PthFiles {
    private static final String METADATA_RECORD = "mnist4j_metadata.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The start of a pre-1.6 (legacy, non-zip) torch.save file: PROTO 2, then its magic number as a LONG1. */
    private static final byte[] LEGACY_START = {
        (byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46
    };

    private PthFiles() {}

    static TensorFile read(Path file) {
        checkIsZip(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String top = topFolder(zip, file);
            byte[] pickle = record(zip, top + "data.pkl", file, 16 << 20);
            Map<String, TorchPickle.TensorRef> refs = TorchPickle.stateDict(pickle, file.toString());
            String byteOrder = zip.getEntry(top + "byteorder") == null
                    ? "little"
                    : new String(record(zip, top + "byteorder", file, 16), StandardCharsets.US_ASCII).trim();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, TorchPickle.TensorRef> e : refs.entrySet()) {
                tensors.put(e.getKey(), tensor(zip, top, e.getKey(), e.getValue(), byteOrder, file));
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            if (zip.getEntry(top + METADATA_RECORD) != null) {
                metadata.putAll(JSON.readValue(
                        record(zip, top + METADATA_RECORD, file, 1 << 20),
                        new TypeReference<Map<String, String>>() {}));
            }
            return new TensorFile(tensors, metadata);
        } catch (ZipException e) {
            throw new ModelFileException(file + ": not a readable PyTorch .pth archive (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            // java.util.zip reports an entry name that is not valid text this way
            throw new ModelFileException(
                    file + ": not a readable PyTorch .pth archive (an entry's name is not" + " valid text: "
                            + e.getMessage() + ")",
                    e);
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file + ": its mnist4j metadata record is not valid JSON", e);
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkIsZip(Path file) {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        } catch (NoSuchFileException e) {
            throw new ModelFileException("model file " + file + " does not exist");
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (Arrays.equals(head, LEGACY_START)) {
            throw new ModelFileException(file + ": a legacy (pre-1.6) PyTorch file; load it in PyTorch and save it"
                    + " again with torch.save(state_dict, path) (PyTorch 1.6 or later writes the zip format)");
        }
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K') {
            throw new ModelFileException(file + ": not a PyTorch .pth file (not a zip archive)");
        }
    }

    /** The archive's top folder: the file's stem when torch.save got a path, "archive" for a buffer. */
    private static String topFolder(ZipFile zip, Path file) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        if (!entries.hasMoreElements()) {
            throw new ModelFileException(file + ": an empty zip archive, not a PyTorch .pth file");
        }
        String first = entries.nextElement().getName();
        int slash = first.indexOf('/');
        if (slash < 0) {
            throw new ModelFileException(file + ": not a PyTorch .pth archive (no top folder)");
        }
        return first.substring(0, slash + 1);
    }

    /** A record's bytes, refused past {@code limit} however far the archive says (or inflates) it goes. */
    private static byte[] record(ZipFile zip, String name, Path file, long limit) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new ModelFileException(file + ": the archive has no " + name + "; not a PyTorch state_dict file");
        }
        try (var in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw new ModelFileException(String.format(
                        java.util.Locale.ROOT,
                        "%s: the record %s holds more than the %,d bytes it may have here; not a state_dict of"
                                + " this CNN (or a zip bomb)",
                        file,
                        name,
                        limit));
            }
            return bytes;
        }
    }

    private static Tensor tensor(
            ZipFile zip, String top, String name, TorchPickle.TensorRef ref, String byteOrder, Path file)
            throws IOException {
        if (!ref.storage().type().equals("FloatStorage")) {
            throw new ModelFileException(file + ": tensor '" + name + "' is stored as "
                    + ref.storage().type() + "; mnist4j reads float32 tensors (call model.float() before saving)");
        }
        long needed = ref.storage().numel() * 4;
        if (needed < 0 || needed > SafeTensors.MAX_FILE_BYTES) {
            throw new ModelFileException(file + ": tensor '" + name + "' claims "
                    + ref.storage().numel() + " floats, more than a model file may hold");
        }
        byte[] raw = record(zip, top + "data/" + ref.storage().key(), file, needed);
        if (raw.length < ref.storage().numel() * 4) {
            throw new ModelFileException(file + ": the data of tensor '" + name + "' is truncated (" + raw.length
                    + " bytes for " + ref.storage().numel() + " floats)");
        }
        ByteBuffer buf =
                ByteBuffer.wrap(raw).order("big".equals(byteOrder) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long[] size = ref.size();
        long count = 1;
        for (long d : size) {
            count *= d;
        }
        int[] shape = new int[size.length];
        for (int i = 0; i < size.length; i++) {
            shape[i] = Math.toIntExact(size[i]);
        }
        float[] values = new float[Math.toIntExact(count)];
        long[] index = new long[size.length];
        for (int n = 0; n < values.length; n++) {
            long at = ref.offset();
            for (int d = 0; d < size.length; d++) {
                at += index[d] * ref.stride()[d];
            }
            if (at < 0 || at >= ref.storage().numel()) {
                throw new ModelFileException(file + ": tensor '" + name + "' reaches outside its storage");
            }
            values[n] = buf.getFloat(Math.toIntExact(at * 4));
            for (int d = size.length - 1; d >= 0; d--) { // next index in C order
                if (++index[d] < size[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return new Tensor(shape, values);
    }

    /**
     * Writes a state_dict PyTorch reads with {@code torch.load(path)}: float32 tensors, contiguous,
     * one storage each, under a top folder named after the file, entries stored uncompressed.
     */
    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String top = (dot > 0 ? name.substring(0, dot) : name) + "/";
        try {
            AtomicFile.write(file, out -> {
                try (ZipOutputStream zip = new ZipOutputStream(nonClosing(out))) {
                    stored(zip, top + "data.pkl", TorchPickleWriter.stateDict(tensors));
                    int key = 0;
                    for (Tensor t : tensors.values()) {
                        ByteBuffer b = ByteBuffer.allocate(t.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
                        b.asFloatBuffer().put(t.data());
                        stored(zip, top + "data/" + key++, b.array());
                    }
                    stored(zip, top + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
                    stored(zip, top + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
                    stored(zip, top + METADATA_RECORD, JSON.writeValueAsBytes(metadata));
                }
            });
        } catch (IOException e) {
            throw new ModelFileException("cannot write model file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /** AtomicFile forces and closes its own stream; the zip must only finish its part. */
    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
