package dev.mnist4j.examples;

import dev.mnist4j.DataModules;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataOptions;
import java.nio.file.Path;

/** What the example programs share: MNIST from the embedded copy, or from a directory argument. */
final class Examples {
    private Examples() {}

    /** MNIST from {@code args[index]} if given, else the embedded copy. */
    static DataModule data(String[] args, int index) {
        return args.length > index
                ? DataModules.mnist(DataOptions.defaults().withDirectory(Path.of(args[index])))
                : DataModules.mnist();
    }
}
