package dev.mnist4j.cli;

import dev.mnist4j.Backend;
import dev.mnist4j.DigitModel;
import dev.mnist4j.cli.pictures.ConfusionHeatmap;
import dev.mnist4j.cli.pictures.Png;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.train.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Loads a saved model and measures it on the test split. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Print a saved model's test accuracy, loss and confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();

    @Option(
            names = "--model",
            defaultValue = "models/mnist_model.safetensors",
            description = "the model file (default: ${DEFAULT-VALUE})")
    Path modelFile;

    @Option(
            names = "--confusion",
            description = "the PNG heat map of the confusion matrix (default: beside the model, NAME-confusion.png)")
    Path confusion;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        Backend backend = backendOptions.backend();
        DataModule data = dataOptions.open();
        try (DigitModel model = backend.loadModel(modelFile, backendOptions.options())) {
            w.printf(Locale.ROOT, "Model %s on %s (%s)%n", modelFile, backend.name(), model.device());
            model.metadata().forEach((k, v) -> w.printf(Locale.ROOT, "  %s: %s%n", k, v));
            Evaluation e = model.evaluate(data.test());
            w.printf(
                    Locale.ROOT,
                    "Test accuracy: %.3f%% (%,d images), mean loss %.4f%n",
                    e.accuracy() * 100,
                    e.count(),
                    e.meanLoss());
            w.println("Confusion matrix (rows: actual digit, columns: predicted):");
            w.print(e.confusionTable());
            double[] perClass = e.perClassAccuracy();
            w.print("Per-digit accuracy:");
            for (int d = 0; d < perClass.length; d++) {
                w.printf(Locale.ROOT, " %d: %.2f%%", d, perClass[d] * 100);
            }
            w.println();
            w.println("Most confused (actual → predicted: count):");
            for (int[] pair : e.mostConfused(5)) {
                w.printf(Locale.ROOT, "  %d → %d: %d%n", pair[0], pair[1], pair[2]);
            }
            Path picture = confusion != null ? confusion : OutputPaths.beside(modelFile, "-confusion.png");
            Png.write(ConfusionHeatmap.render(e, backend.name()), picture);
            w.println("Wrote the confusion matrix to " + picture);
            w.flush();
        }
        return 0;
    }
}
