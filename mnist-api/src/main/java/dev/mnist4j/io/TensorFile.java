package dev.mnist4j.io;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.model.Tensor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The named tensors and the metadata of a file, whatever they hold: a safetensors file, a PyTorch
 * {@code .pth}/{@code .pt} file of tensors (read with a restricted unpickler that runs no code), or
 * an ONNX model of the MNIST CNN ({@link OnnxFiles}: its weights, under PyTorch's names). The file
 * name's extension chooses the format. {@link ModelFiles} builds on it for model
 * states; use this to read other tensor files, such as test fixtures.
 *
 * @param tensors  the tensors in file order (an unmodifiable copy)
 * @param metadata the file's string metadata (an unmodifiable copy)
 */
@API(status = STABLE)
public record TensorFile(Map<String, Tensor> tensors, Map<String, String> metadata) {

    public TensorFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Reads a {@code .safetensors}, {@code .pth}, {@code .pt} or {@code .onnx} file.
     *
     * @throws ModelFileException naming the file and what is wrong with it
     */
    public static TensorFile read(Path file) {
        if (isPth(file)) {
            return PthFiles.read(file);
        }
        if (isOnnx(file)) {
            return OnnxFiles.read(file);
        }
        requireSafetensors(file);
        return SafeTensors.read(file);
    }

    /**
     * Parses the bytes of a safetensors file.
     *
     * @param source names the bytes in error messages
     */
    public static TensorFile parseSafetensors(byte[] bytes, String source) {
        return SafeTensors.parse(bytes, source);
    }

    /**
     * Writes the file atomically, in the format its extension names: a crash leaves the old file or
     * the new one. An {@code .onnx} file must hold the MNIST CNN's tensors.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        if (isPth(file)) {
            PthFiles.write(file, tensors, metadata);
        } else if (isOnnx(file)) {
            OnnxFiles.write(file, dev.mnist4j.model.StateDict.of(tensors), metadata);
        } else {
            requireSafetensors(file);
            SafeTensors.write(file, tensors, metadata);
        }
    }

    private static boolean isPth(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".pth") || name.endsWith(".pt");
    }

    private static boolean isOnnx(Path file) {
        return file.getFileName().toString().endsWith(".onnx");
    }

    private static void requireSafetensors(Path file) {
        if (!file.getFileName().toString().endsWith(".safetensors")) {
            throw new ModelFileException(
                    file + ": unsupported model file type; use a name ending in .safetensors, .pth or .onnx");
        }
    }
}
