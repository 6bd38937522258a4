package dev.mnist4j.tck;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mnist4j.DataModules;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.data.DataSet;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apiguardian.api.API;

/** A slice of MNIST written as IDX files to a directory, so a training run in a test (say, of a command line) takes seconds. */
@API(status = EXPERIMENTAL)
public final class SmallMnist {
    private SmallMnist() {}

    /** The first {@code train} training and {@code test} test images, as the four IDX files in {@code dir}. */
    public static Path write(Path dir, int train, int test) throws IOException {
        var mnist = DataModules.mnist(DataOptions.defaults());
        Files.createDirectories(dir);
        writeIdx(dir, mnist.train().subset(0, train), "train");
        writeIdx(dir, mnist.test().subset(0, test), "t10k");
        return dir;
    }

    private static void writeIdx(Path dir, DataSet split, String prefix) throws IOException {
        try (OutputStream f = Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte"));
                DataOutputStream out = new DataOutputStream(f)) {
            out.writeInt(0x803);
            out.writeInt(split.size());
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < split.size(); i++) {
                for (int v : split.rawImage(i)) {
                    out.writeByte(v);
                }
            }
        }
        try (OutputStream f = Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte"));
                DataOutputStream out = new DataOutputStream(f)) {
            out.writeInt(0x801);
            out.writeInt(split.size());
            for (int i = 0; i < split.size(); i++) {
                out.writeByte(split.label(i));
            }
        }
    }
}
