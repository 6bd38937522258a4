package dev.mnist4j.internal.data;

import dev.mnist4j.core.Setting;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.data.InvalidDataException;
import dev.mnist4j.data.Normalization;
import dev.mnist4j.model.MnistCnn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * MNIST, found in this order: the directory the user names (flat, or torchvision's
 * {@code ROOT/MNIST/raw/}; raw or {@code .gz}; any IDX data set in MNIST's layout, so not
 * checksummed); else the copy embedded in the {@code mnist-data} jar (checked against MNIST's
 * SHA-256); else, only when download is enabled, the mirrors (checked, written atomically).
 */
final class MnistDataModule implements DataModule {
    private final DataOptions options;
    private volatile DataSet train;
    private volatile DataSet test;
    private volatile String source;

    MnistDataModule(DataOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "mnist";
    }

    @Override
    public Normalization normalization() {
        return options.normalization();
    }

    @Override
    public synchronized void prepare() {
        if (train != null) {
            return;
        }
        Map<MnistFile, byte[]> content = options.directory() != null
                ? fromDirectory(options.directory())
                : embeddedAvailable() ? fromEmbedded() : options.download() ? fromDownloadCache() : missing();
        test = split("MNIST test", content, MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS);
        train = split("MNIST train", content, MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS);
    }

    @Override
    public DataSet train() {
        prepare();
        return train;
    }

    @Override
    public DataSet test() {
        prepare();
        return test;
    }

    @Override
    public String source() {
        prepare();
        return source;
    }

    private DataSet split(String name, Map<MnistFile, byte[]> content, MnistFile images, MnistFile labels) {
        IdxReader.Images x = IdxReader.parseImages(content.get(images), images.fileName());
        byte[] y = IdxReader.parseLabels(content.get(labels), labels.fileName());
        if (x.rows() != MnistCnn.IMAGE_SIZE || x.cols() != MnistCnn.IMAGE_SIZE) {
            throw new InvalidDataException(
                    name + ": images are " + x.rows() + "×" + x.cols() + ", the MNIST CNN needs 28×28");
        }
        if (x.count() != y.length) {
            throw new InvalidDataException(name + ": " + x.count() + " images but " + y.length
                    + " labels; the two files must belong together");
        }
        return new DataSet(name, x.pixels(), y, options.normalization());
    }

    private Map<MnistFile, byte[]> fromDirectory(Path dir) {
        Map<MnistFile, byte[]> content = new EnumMap<>(MnistFile.class);
        Path downloadTo = dir.resolve("MNIST").resolve("raw");
        for (MnistFile f : MnistFile.values()) {
            Path file = find(dir, f);
            if (file == null && options.download()) {
                file = downloader().download(f, downloadTo);
                content.put(f, verified(f, IdxReader.readContent(file), file.toString()));
            } else if (file == null) {
                throw new InvalidDataException("no " + f.fileName() + " (raw or .gz) in " + dir + " or " + downloadTo
                        + "; put the four MNIST files there, or enable download");
            } else {
                content.put(f, IdxReader.readContent(file));
            }
        }
        source = dir.toString();
        return content;
    }

    private static Path find(Path dir, MnistFile f) {
        for (Path base : List.of(dir, dir.resolve("MNIST").resolve("raw"))) {
            for (String name : List.of(f.fileName(), f.gzName())) {
                Path p = base.resolve(name);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static boolean embeddedAvailable() {
        return resourceUrl(MnistFile.TRAIN_IMAGES) != null;
    }

    private static java.net.URL resourceUrl(MnistFile f) {
        return MnistDataModule.class.getClassLoader().getResource(MnistFile.RESOURCE_DIR + f.gzName());
    }

    private Map<MnistFile, byte[]> fromEmbedded() {
        Map<MnistFile, byte[]> content = new EnumMap<>(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            java.net.URL url = resourceUrl(f);
            String where = "embedded " + MnistFile.RESOURCE_DIR + f.gzName();
            if (url == null) {
                throw new InvalidDataException(
                        where + " is missing from the classpath; the mnist-data jar is incomplete");
            }
            try (InputStream in = url.openStream()) {
                content.put(f, verified(f, IdxReader.readContent(in, where), where));
            } catch (IOException e) {
                throw new InvalidDataException("cannot read " + where + ": " + e.getMessage(), e);
            }
        }
        source = "embedded (mnist-data)";
        return content;
    }

    private Map<MnistFile, byte[]> fromDownloadCache() {
        Path dir = options.downloadDir().resolve("MNIST").resolve("raw");
        Map<MnistFile, byte[]> content = new EnumMap<>(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            Path file = dir.resolve(f.gzName());
            if (!Files.isRegularFile(file)) {
                file = downloader().download(f, dir);
            }
            content.put(f, verified(f, IdxReader.readContent(file), file.toString()));
        }
        source = dir.toString();
        return content;
    }

    private Map<MnistFile, byte[]> missing() {
        throw new InvalidDataException("no MNIST data: no directory was given, the mnist-data jar is not on the "
                        + "classpath, and download is off; add dev.mnist4j:mnist-data, name a data directory, "
                        + "or enable download")
                .remedy(Setting.DATA_DIRECTORY, "DIR")
                .remedy(Setting.DOWNLOAD, "true");
    }

    private MnistDownloader downloader() {
        return new MnistDownloader(options.mirrors());
    }

    private static byte[] verified(MnistFile f, byte[] content, String where) {
        String sha = Checksums.sha256(content);
        if (!sha.equals(f.sha256())) {
            throw new InvalidDataException(where + ": SHA-256 of the content is " + sha + ", expected " + f.sha256()
                    + "; the file is corrupt, replace it");
        }
        return content;
    }
}
