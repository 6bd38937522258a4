package dev.mnist4j.cli;

import dev.mnist4j.DataModules;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of every command that reads a data set. */
final class DataOptionsMixin {
    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            defaultValue = "mnist",
            description = "the data set (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "a directory with the IDX files (flat or DIR/MNIST/raw/; default: the embedded copy)")
    Path directory;

    @Option(names = "--download", description = "download missing files from the mirrors (off by default)")
    boolean download;

    @Option(names = "--mirror", paramLabel = "URL", description = "a download mirror, tried in the order given")
    List<URI> mirrors;

    DataModule open() {
        DataOptions options = DataOptions.defaults().withDirectory(directory).withDownload(download);
        if (mirrors != null && !mirrors.isEmpty()) {
            options = options.withMirrors(mirrors);
        }
        return DataModules.open(dataset, options);
    }
}
