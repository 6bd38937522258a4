package dev.mnist4j.data;

import static org.apiguardian.api.API.Status.STABLE;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Where a data module looks for its data and how it prepares it.
 *
 * @param directory     a directory of the user's to read first, or {@code null}
 * @param download      whether missing files may be downloaded (off by default: no network unless asked)
 * @param mirrors       base URLs to download from, tried in order
 * @param downloadDir   where downloads go when no directory is named
 * @param normalization how pixels become inputs
 */
@API(status = STABLE)
public record DataOptions(
        Path directory, boolean download, List<URI> mirrors, Path downloadDir, Normalization normalization) {

    public static final List<URI> MNIST_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

    public DataOptions {
        mirrors = List.copyOf(mirrors);
    }

    /** The embedded copy, no download, the tutorial's normalisation. */
    public static DataOptions defaults() {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "mnist4j", "datasets");
        return new DataOptions(null, false, MNIST_MIRRORS, cache, Normalization.TUTORIAL);
    }

    public DataOptions withDirectory(Path dir) {
        return new DataOptions(dir, download, mirrors, downloadDir, normalization);
    }

    public DataOptions withDownload(boolean enabled) {
        return new DataOptions(directory, enabled, mirrors, downloadDir, normalization);
    }

    public DataOptions withMirrors(List<URI> list) {
        return new DataOptions(directory, download, list, downloadDir, normalization);
    }

    public DataOptions withDownloadDir(Path dir) {
        return new DataOptions(directory, download, mirrors, dir, normalization);
    }

    public DataOptions withNormalization(Normalization n) {
        return new DataOptions(directory, download, mirrors, downloadDir, n);
    }
}
