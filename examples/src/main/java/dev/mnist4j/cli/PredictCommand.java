package dev.mnist4j.cli;

import dev.mnist4j.Mnist4jException;
import dev.mnist4j.data.Normalization;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.predict.ImagePreprocessing;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.predict.Predictor;
import dev.mnist4j.spi.BackendProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Recognises the digit in each image file: one line per image, {@code PATH: DIGIT (PROBABILITY%)}. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Recognise the digit in image files (grey, resized to 28×28, normalised as in the tutorial).")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Option(names = "--model", defaultValue = "models/mnist_model.safetensors",
            description = "the model file (default: ${DEFAULT-VALUE})")
    Path modelFile;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG, JPEG, GIF or BMP files")
    List<Path> images;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelFiles.SavedModel saved = ModelFiles.load(modelFile);
        Normalization norm = saved.metadata().containsKey(ModelFiles.NORMALIZATION)
                ? Normalization.parse(saved.metadata().get(ModelFiles.NORMALIZATION)) : Normalization.TUTORIAL;
        BackendProvider backend = backendOptions.provider();
        int failed = 0;
        try (DigitModel model = backend.newModel(saved.state(), backendOptions.device(), backendOptions.threads())) {
            Predictor predictor = backend.predictor(model, norm);
            for (Path image : images) {
                try {
                    Prediction p = predictor.predict(image, ImagePreprocessing.TUTORIAL);
                    out.printf("%s: %d (%.2f%%)%n", image, p.digit(), p.probability() * 100);
                } catch (Mnist4jException e) {
                    failed++;
                    err.println("mnist4j: error: " + e.getMessage());
                }
                out.flush();
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
