package dev.mnist4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnist4j.cli.Mnist4j;
import dev.mnist4j.data.DataModules;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.data.DataSet;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mnist4j} command line as a user runs it, on a small slice of MNIST written as IDX files
 * to a directory (so a training run takes seconds): train → evaluate → predict, and the errors.
 */
class CommandLineTest {
    @TempDir
    static Path dir;
    static Path data;
    static DataSet test;

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Mnist4j.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    @BeforeAll
    static void writeASmallMnist() throws IOException {
        var mnist = DataModules.mnist(DataOptions.defaults());
        data = Files.createDirectories(dir.resolve("data"));
        test = mnist.test().subset(0, 500);
        writeIdx(mnist.train().subset(0, 3000), "train");
        writeIdx(test, "t10k");
    }

    private static void writeIdx(DataSet split, String prefix) throws IOException {
        try (OutputStream f = Files.newOutputStream(data.resolve(prefix + "-images-idx3-ubyte"));
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
        try (OutputStream f = Files.newOutputStream(data.resolve(prefix + "-labels-idx1-ubyte"));
             DataOutputStream out = new DataOutputStream(f)) {
            out.writeInt(0x801);
            out.writeInt(split.size());
            for (int i = 0; i < split.size(); i++) {
                out.writeByte(split.label(i));
            }
        }
    }

    private static Path png(int index) throws IOException {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, 28, 28, test.rawImage(index));
        Path f = dir.resolve("digit-" + index + ".png");
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void trainEvaluateAndPredictWorkTogether() throws IOException {
        Path model = dir.resolve("models/m.safetensors");
        Run train = run("train", "--backend", "cpu-ref", "--data", data.toString(), "--epochs", "2", "--optimizer", "momentum",
                "--threads", "2", "--out", model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out()).containsPattern("Epoch 1/2, Loss: \\d\\.\\d{4}, Accuracy: \\d+\\.\\d{3}% UseTime: \\d:\\d\\d:\\d\\d\\.\\d\\d")
                .contains("Epoch 2/2").contains("Saved model to " + model);
        double trained = lastTestAccuracy(train.out());
        assertThat(trained).isGreaterThan(85.0);
        assertThat(model).isRegularFile();

        Run eval = run("evaluate", "--backend", "cpu-ref", "--data", data.toString(), "--model", model.toString());
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(lastTestAccuracy(eval.out())).isEqualTo(trained);
        assertThat(eval.out()).contains("backend: cpu-ref").contains("epochs: 2").contains("Confusion matrix");

        Path bad = Files.writeString(dir.resolve("bad.png"), "not an image");
        Run predict = run("predict", "--model", model.toString(), png(0).toString(), bad.toString(), png(1).toString());
        assertThat(predict.status()).isEqualTo(1); // one file failed, the others were still predicted
        assertThat(predict.out().lines()).hasSize(2);
        assertThat(predict.out()).containsPattern(Pattern.quote(png(0).toString()) + ": " + test.label(0) + " \\(\\d+\\.\\d\\d%\\)");
        assertThat(predict.out()).contains(png(1) + ": " + test.label(1) + " (");
        assertThat(predict.err()).contains("bad.png").contains("not an image").doesNotContain("Exception");
    }

    private static double lastTestAccuracy(String out) {
        Matcher m = Pattern.compile("Test accuracy: (\\d+\\.\\d+)%").matcher(out);
        double last = -1;
        while (m.find()) {
            last = Double.parseDouble(m.group(1));
        }
        return last;
    }

    @Test
    void backendsListsEachBackendWithItsDevices() {
        Run r = run("backends");
        assertThat(r.status()).isZero();
        assertThat(r.out()).containsPattern("cpu-ref\\s+10\\s+available\\s+cpu")
                .containsPattern("djl\\s+20\\s+available\\s+cpu")
                .containsPattern("dl4j\\s+5\\s+available\\s+cpu");
    }

    @Test
    void summaryShowsTheLayersAndTheTotal() {
        Run r = run("summary");
        assertThat(r.out()).contains("Conv2d").contains("[N, 64, 5, 5]").contains("Total params: 121,930");
    }

    @Test
    void errorsAreOneClearLineWithoutAStackTrace() {
        Run unknown = run("train", "--backend", "nope");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("mnist4j: error: unknown backend 'nope'; available: ").contains("cpu-ref")
                .doesNotContain("\tat ");
        Run cuda = run("train", "--device", "cuda", "--data", data.toString());
        assertThat(cuda.err()).contains("cannot use device cuda:0").contains("no CUDA device").doesNotContain("\tat ");
        Run missing = run("evaluate", "--model", dir.resolve("none.safetensors").toString());
        assertThat(missing.err()).contains("none.safetensors does not exist");
        Run verbose = run("evaluate", "--verbose", "--model", dir.resolve("none.safetensors").toString());
        assertThat(verbose.err()).contains("\tat ");
        Run badData = run("train", "--data", dir.resolve("nowhere").toString());
        assertThat(badData.err()).contains("no train-images-idx3-ubyte");
    }
}
