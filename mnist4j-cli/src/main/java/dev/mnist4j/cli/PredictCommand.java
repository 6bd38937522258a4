package dev.mnist4j.cli;

import dev.mnist4j.DigitModel;
import dev.mnist4j.cli.pictures.Png;
import dev.mnist4j.cli.pictures.PredictionPicture;
import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.predict.ImageFiles;
import dev.mnist4j.predict.ImagePreprocessing;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.predict.Predictor;
import java.awt.image.BufferedImage;
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
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Recognise the digit in image files: one line per image, PATH: DIGIT (PROBABILITY%%).")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Option(
            names = "--model",
            defaultValue = "models/mnist_model.safetensors",
            description = "the model file (default: ${DEFAULT-VALUE})")
    Path modelFile;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG, JPEG, GIF or BMP files")
    List<Path> images;

    @Option(
            names = "--preprocess",
            defaultValue = "mnist",
            description = "mnist (crop, centre and scale the ink the way MNIST was made; for photos of dark ink on"
                    + " paper) or tutorial (only grey and resize to 28×28) (default: ${DEFAULT-VALUE})")
    String preprocess;

    @Option(
            names = "--show",
            description = "also write, per image, a PNG of the original, the 28×28 input the model"
                    + " saw, and the probabilities")
    boolean show;

    @Option(
            names = "--show-dir",
            defaultValue = "predictions",
            description = "where --show writes (default: ${DEFAULT-VALUE})")
    Path showDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImagePreprocessing preprocessing = ImagePreprocessing.parse(preprocess);
        int failed = 0;
        try (DigitModel model = backendOptions.backend().loadModel(modelFile, backendOptions.options())) {
            Predictor predictor = model.newPredictor();
            for (Path image : images) {
                try {
                    BufferedImage picture = ImageFiles.read(image);
                    int[] seen = preprocessing.toPixels(picture);
                    Prediction p = predictor.predict(seen);
                    out.println(image + ": " + p);
                    if (show) {
                        Path file = showDir.resolve(
                                OutputPaths.beside(image, "-prediction.png").getFileName());
                        Png.write(
                                PredictionPicture.render(
                                        picture, seen, p, image.getFileName().toString()),
                                file);
                        err.println("wrote " + file);
                    }
                } catch (Mnist4jException e) {
                    failed++;
                    String message = e.getMessage().startsWith(image.toString())
                            ? e.getMessage()
                            : image + ": " + e.getMessage();
                    err.println("mnist4j: error: " + message);
                }
                out.flush();
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
