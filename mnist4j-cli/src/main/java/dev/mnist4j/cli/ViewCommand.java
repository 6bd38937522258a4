package dev.mnist4j.cli;

import dev.mnist4j.cli.pictures.Png;
import dev.mnist4j.data.Augmentation;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.data.SampleGrid;
import dev.mnist4j.train.TrainConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The tutorial's {@code viewTrainDataset}: a grid of random images with their labels, as PNG. */
@Command(
        name = "view",
        mixinStandardHelpOptions = true,
        description = "Write a PNG grid of random images of the data set, each with its label.")
final class ViewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();

    @Option(
            names = "--out",
            defaultValue = "mnist-samples.png",
            description = "the PNG to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--rows", defaultValue = "5", description = "rows (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--cols", defaultValue = "5", description = "columns (default: ${DEFAULT-VALUE})")
    int cols;

    @Option(names = "--split", defaultValue = "train", description = "train or test (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--seed", defaultValue = "0", description = "which images are drawn (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--augment",
            arity = "0..1",
            fallbackValue = "best",
            paramLabel = "SPEC",
            description = "show each row's image as stored, then distorted as training with --augment SPEC would"
                    + " (train's syntax; alone: the best recipe's augmentation)")
    String augment;

    @Option(names = "--verbose", description = "show stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() {
        if (rows < 1 || cols < 1 || rows * cols > 400) {
            throw new IllegalArgumentException("--rows and --cols must be at least 1, and at most 400 images in all");
        }
        DataModule data = dataOptions.open();
        DataSet set = switch (split) {
            case "train" -> data.train();
            case "test" -> data.test();
            default -> throw new IllegalArgumentException("--split must be train or test, not '" + split + "'");
        };
        Augmentation augmentation = augment == null
                ? Augmentation.NONE
                : augment.equals("best") ? TrainConfig.recipe("best").augmentation() : parseAugmentation();
        Png.write(SampleGrid.render(set, rows, cols, seed, augmentation), out);
        spec.commandLine().getOut().printf(Locale.ROOT, "Wrote %d×%d %s images to %s%n", rows, cols, split, out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private Augmentation parseAugmentation() {
        try {
            return Augmentation.parse(augment);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--augment: " + e.getMessage());
        }
    }
}
