package dev.mnist4j.internal.data;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The four MNIST files with what guards them: the SHA-256 of the uncompressed content (the same
 * whatever gzip made the file) and the MD5 of the gzip files the public mirrors serve.
 */
@API(status = INTERNAL)
public enum MnistFile {
    TRAIN_IMAGES(
            "train-images-idx3-ubyte",
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
    TRAIN_LABELS(
            "train-labels-idx1-ubyte",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "d53e105ee54ea40749a09fcbcd1e9432"),
    TEST_IMAGES(
            "t10k-images-idx3-ubyte",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "9fb629c4189551a2d022fa330f9573f3"),
    TEST_LABELS(
            "t10k-labels-idx1-ubyte",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
            "ec29112dd5afa0611ce80d1b7f02629c");

    /** Where mnist-data puts the gzip files on the classpath. */
    static final String RESOURCE_DIR = "dev/mnist4j/data/mnist/";

    private final String fileName;
    private final String sha256;
    private final String mirrorMd5;

    MnistFile(String fileName, String sha256, String mirrorMd5) {
        this.fileName = fileName;
        this.sha256 = sha256;
        this.mirrorMd5 = mirrorMd5;
    }

    /** The uncompressed file's name, e.g. {@code train-images-idx3-ubyte}. */
    public String fileName() {
        return fileName;
    }

    public String gzName() {
        return fileName + ".gz";
    }

    /** SHA-256 of the uncompressed content, lower-case hex. */
    public String sha256() {
        return sha256;
    }

    /** MD5 of the gzip file the public mirrors serve, lower-case hex. */
    public String mirrorMd5() {
        return mirrorMd5;
    }
}
