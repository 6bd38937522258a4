package dev.mnist4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.tck.SmallMnist;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each tutorial step's program runs and says what the tutorial says, on a slice of MNIST. */
class ExamplesTest {
    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = SmallMnist.write(dir.resolve("data"), 2000, 300);
    }

    /** Runs a program's main and returns what it printed. */
    private static String run(ThrowingMain main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    interface ThrowingMain {
        void run() throws Exception;
    }

    private static void trainWithMomentum(Path file) {
        DataModule mnist = DataModules.mnist();
        DataModule small = DataModules.of(
                "mnist-10k", mnist.train().subset(0, 10_000), mnist.test().subset(0, 100));
        try (DigitModel model = Backends.best().newModel()) {
            model.newTrainer(TrainConfig.defaults().withEpochs(1).withOptimizer(OptimizerConfig.momentum(0.01, 0.9)))
                    .fit(small);
            model.save(file);
        }
    }

    @Test
    void dataReadyPrintsTheSplitsAndOneBatchShape() throws Exception {
        String out = run(() -> DataReady.main(new String[0]));
        assertThat(out)
                .contains("60,000 training images, 10,000 test images")
                .contains("one batch: images [64, 1, 28, 28], labels [64], pixel values -1.0 to 1.0");
    }

    @Test
    void viewTrainDatasetWritesAFiveByFiveGrid() throws Exception {
        Path png = dir.resolve("samples.png");
        assertThat(run(() -> ViewTrainDataset.main(new String[] {png.toString(), data.toString()})))
                .contains("Wrote 25 random training images");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(5 * 120 + 8);
    }

    @Test
    void modelSummaryPrintsTheLayerTable() throws Exception {
        assertThat(run(() -> ModelSummary.main(new String[0])))
                .contains("Total params: 121,930")
                .contains("Linear");
    }

    @Test
    void trainThenEvaluateThenSaveAndLoadThenRecognize() throws Exception {
        Path model = dir.resolve("model.safetensors");
        String train = run(() -> TrainModel.main(new String[] {"1", model.toString(), data.toString()}));
        assertThat(train)
                .containsPattern("Epoch 1/1, Loss: \\d\\.\\d{4}, Accuracy: \\d+\\.\\d{3}% UseTime: ")
                .contains("Test accuracy: ")
                .contains("Saved model to " + model);

        String eval = run(() -> EvaluateModel.main(new String[] {model.toString(), data.toString()}));
        assertThat(eval).containsPattern("Test accuracy: \\d+\\.\\d{3}% on 300 images");

        String saveLoad = run(() ->
                SaveAndLoad.main(new String[] {dir.resolve("sl.safetensors").toString(), data.toString()}));
        assertThat(saveLoad).contains("identical logits on 300 test images: true");

        BufferedImage digit = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
        var g = digit.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 120, 160);
        g.setColor(java.awt.Color.BLACK);
        g.fillRect(55, 20, 14, 120); // a "1" in dark ink on white paper
        g.dispose();
        Path photo = dir.resolve("one.png");
        ImageIO.write(digit, "png", photo.toFile());
        // The tutorial's recipe on 2,000 images learns little; recognising needs a model that has learnt.
        Path trained = dir.resolve("trained.safetensors");
        trainWithMomentum(trained);
        assertThat(run(() -> RecognizeImage.main(new String[] {trained.toString(), photo.toString()})))
                .startsWith(photo + ": 1 (");
    }
}
