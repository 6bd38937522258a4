package dev.mnist4j.cli;

import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.io.OnnxFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a saved model as ONNX: the whole network, for ONNX Runtime and other ONNX tools. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export a saved model (.safetensors, .pth or .onnx) as an ONNX model (opset 13): input"
                + " 'input' float32 [N,1,28,28], output 'logits' [N,10], its metadata as metadata properties.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            defaultValue = "models/mnist_model.safetensors",
            description = "the model file (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "where to write the ONNX model")
    Path out;

    @Option(names = "--verbose", description = "show stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() {
        if (!out.getFileName().toString().endsWith(".onnx")) {
            throw new IllegalArgumentException("--out must name a .onnx file, got " + out);
        }
        ModelFiles.SavedModel saved = ModelFiles.load(model);
        OnnxFiles.write(out, saved.state(), saved.metadata());
        PrintWriter w = spec.commandLine().getOut();
        w.println("Exported " + model + " to " + out
                + " (ONNX opset 13, input 'input' [N,1,28,28], output 'logits' [N,10])");
        w.flush();
        return 0;
    }
}
