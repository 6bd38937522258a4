package dev.mnist4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnist4j.DataModules;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.tck.SmallMnist;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Mnist4j.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    @BeforeAll
    static void writeASmallMnist() throws IOException {
        data = SmallMnist.write(dir.resolve("data"), 3000, 500);
        test = DataModules.mnist(DataOptions.defaults().withDirectory(data)).test();
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
        Run train = run(
                "train",
                "--backend",
                "cpu-ref",
                "--data",
                data.toString(),
                "--epochs",
                "2",
                "--optimizer",
                "momentum",
                "--threads",
                "2",
                "--out",
                model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out())
                .containsPattern(
                        "Epoch 1/2, Loss: \\d\\.\\d{4}, Accuracy: \\d+\\.\\d{3}% UseTime: \\d:\\d\\d:\\d\\d\\.\\d\\d")
                .contains("Epoch 2/2")
                .contains("Saved model to " + model);
        double trained = lastTestAccuracy(train.out());
        assertThat(trained).isGreaterThan(85.0);
        assertThat(model).isRegularFile();

        Run eval = run("evaluate", "--backend", "cpu-ref", "--data", data.toString(), "--model", model.toString());
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(lastTestAccuracy(eval.out())).isEqualTo(trained);
        assertThat(eval.out())
                .contains("backend: cpu-ref")
                .contains("epochs: 2")
                .contains("Confusion matrix")
                .contains("backend_version: mnist4j")
                .containsPattern("train_data_sha256: [0-9a-f]{64}");

        assertThat(eval.out())
                .contains("Per-digit accuracy: 0: ")
                .contains("Most confused (actual → predicted: count):");
        assertPng(dir.resolve("models/m-curves.png"), 1040);
        assertPng(dir.resolve("models/m-confusion.png"), 640);

        Path bad = Files.writeString(dir.resolve("bad.png"), "not an image");
        Run predict = run(
                "predict",
                "--preprocess",
                "tutorial",
                "--model",
                model.toString(),
                png(0).toString(),
                bad.toString(),
                png(1).toString());
        assertThat(predict.status()).isEqualTo(1); // one file failed, the others were still predicted
        assertThat(predict.out().lines()).hasSize(2);
        assertThat(predict.out())
                .containsPattern(Pattern.quote(png(0).toString()) + ": " + test.label(0) + " \\(\\d+\\.\\d\\d%\\)");
        assertThat(predict.out()).contains(png(1) + ": " + test.label(1) + " (");
        assertThat(predict.err()).contains("bad.png").contains("not an image").doesNotContain("Exception");

        // ONNX out, and in again on ONNX Runtime (and on cpu-ref): the same accuracy and predictions
        Path onnx = dir.resolve("models/m.onnx");
        Run export = run("export", "--model", model.toString(), "--out", onnx.toString());
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(export.out()).contains("Exported " + model + " to " + onnx);
        for (String backend : List.of("onnxruntime", "cpu-ref")) {
            Run onnxEval = run("evaluate", "--backend", backend, "--data", data.toString(), "--model", onnx.toString());
            assertThat(onnxEval.status()).as(onnxEval.err()).isZero();
            assertThat(lastTestAccuracy(onnxEval.out())).as(backend).isEqualTo(trained);
            assertThat(onnxEval.out()).contains("backend: cpu-ref").contains("epochs: 2");
        }
        Run onnxPredict = run(
                "predict",
                "--backend",
                "onnxruntime",
                "--preprocess",
                "tutorial",
                "--model",
                onnx.toString(),
                png(0).toString());
        assertThat(onnxPredict.status()).as(onnxPredict.err()).isZero();
        assertThat(onnxPredict.out()).contains(png(0) + ": " + test.label(0) + " (");
        Run onnxTrain = run("train", "--backend", "onnxruntime", "--data", data.toString(), "--epochs", "1");
        assertThat(onnxTrain.status()).isNotZero();
        assertThat(onnxTrain.err()).contains("onnxruntime").contains("TRAINING").doesNotContain("\tat ");
        Run notOnnx = run(
                "export",
                "--model",
                model.toString(),
                "--out",
                dir.resolve("m.bin").toString());
        assertThat(notOnnx.status()).isNotZero();
        assertThat(notOnnx.err()).contains("--out must name a .onnx file");

        Path shown = dir.resolve("shown");
        Run show = run(
                "predict", "--show", "--show-dir", shown.toString(), "--model", model.toString(), png(2).toString());
        assertThat(show.status()).as(show.err()).isZero();
        assertPng(shown.resolve("digit-2-prediction.png"), 3 * 224 + 64);
    }

    @Test
    void trainResumedFromItsCheckpointEndsWhereAnUninterruptedRunEnds() {
        Path straight = dir.resolve("resume/straight.pth");
        Run two = run(
                "train",
                "--backend",
                "cpu-ref",
                "--data",
                data.toString(),
                "--epochs",
                "2",
                "--optimizer",
                "momentum",
                "--seed",
                "3",
                "--out",
                straight.toString());
        assertThat(two.status()).as(two.err()).isZero();

        Path first = dir.resolve("resume/first.safetensors");
        Run one = run(
                "train",
                "--backend",
                "cpu-ref",
                "--data",
                data.toString(),
                "--epochs",
                "1",
                "--optimizer",
                "momentum",
                "--seed",
                "3",
                "--out",
                first.toString());
        assertThat(one.out())
                .contains("Checkpoint for --resume: " + dir.resolve("resume/first-checkpoint.safetensors"));
        Path resumedModel = dir.resolve("resume/resumed.pth");
        Run rest = run(
                "train",
                "--backend",
                "cpu-ref",
                "--data",
                data.toString(),
                "--epochs",
                "2",
                "--resume",
                dir.resolve("resume/first-checkpoint.safetensors").toString(),
                "--out",
                resumedModel.toString());
        assertThat(rest.status()).as(rest.err()).isZero();
        assertThat(rest.out())
                .contains("Resuming from")
                .contains("after epoch 1")
                .doesNotContain("Epoch 1/2");
        assertThat(epochLine(rest.out(), 2)).isEqualTo(epochLine(two.out(), 2));

        // Both .pth files hold the same weights, and evaluate reads PyTorch's format.
        Run a = run("evaluate", "--backend", "cpu-ref", "--data", data.toString(), "--model", straight.toString());
        Run b = run("evaluate", "--backend", "cpu-ref", "--data", data.toString(), "--model", resumedModel.toString());
        assertThat(lastTestAccuracy(b.out()))
                .isEqualTo(lastTestAccuracy(a.out()))
                .isEqualTo(lastTestAccuracy(two.out()));

        Run wrong = run(
                "train",
                "--backend",
                "cpu-ref",
                "--data",
                data.toString(),
                "--epochs",
                "3",
                "--optimizer",
                "adam",
                "--resume",
                dir.resolve("resume/first-checkpoint.safetensors").toString());
        assertThat(wrong.err())
                .contains("state of optimizer 'momentum', but 'adam' is configured")
                .doesNotContain("\tat ");
    }

    /** "Epoch N/M, Loss: …, Accuracy: …%" without the time. */
    private static String epochLine(String out, int epoch) {
        return out.lines()
                .filter(l -> l.startsWith("Epoch " + epoch + "/"))
                .findFirst()
                .orElseThrow()
                .replaceAll(" UseTime: .*", "");
    }

    @Test
    void predictRefusesBlankTinyEmptyAndMissingPicturesOneLineEachAndGoesOn() throws IOException {
        Path model = dir.resolve("models/blank-test.safetensors");
        assertThat(run(
                                "train",
                                "--backend",
                                "cpu-ref",
                                "--data",
                                data.toString(),
                                "--epochs",
                                "1",
                                "--out",
                                model.toString())
                        .status())
                .isZero();
        BufferedImage white = new BufferedImage(60, 60, BufferedImage.TYPE_INT_RGB);
        white.getGraphics().fillRect(0, 0, 60, 60);
        Path blank = dir.resolve("blank.png");
        ImageIO.write(white, "png", blank.toFile());
        Path tiny = dir.resolve("tiny.png");
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", tiny.toFile());
        Path empty = Files.createFile(dir.resolve("empty.png"));
        Path good = png(3);
        Run r = run(
                "predict",
                "--model",
                model.toString(),
                blank.toString(),
                tiny.toString(),
                empty.toString(),
                dir.resolve("missing.png").toString(),
                good.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out().lines()).hasSize(1).allMatch(l -> l.startsWith(good + ": "));
        assertThat(r.err().lines().filter(l -> l.startsWith("mnist4j: error: ")))
                .hasSize(4);
        assertThat(r.err())
                .contains("blank.png: no ink found")
                .contains("tiny.png: the image is 1×1")
                .contains("empty.png: the file is empty")
                .contains("missing.png: no such image file")
                .doesNotContain("\tat ");
    }

    @Test
    void viewWritesTheTutorialsGridOfLabelledSamples() {
        Path out = dir.resolve("grid.png");
        Run r = run("view", "--data", data.toString(), "--out", out.toString(), "--rows", "2", "--cols", "3");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Wrote 2×3 train images to " + out);
        assertPng(out, 3 * (112 + 8) + 8);
        assertThat(run("view", "--rows", "0").err()).contains("--rows and --cols must be at least 1");
    }

    private static void assertPng(Path file, int width) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            assertThat(img).as("%s is a PNG", file).isNotNull();
            assertThat(img.getWidth()).isEqualTo(width);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
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
    void backendsListsEachBackendWithItsCapabilitiesDevicesAndTheDefault() {
        Run r = run("backends");
        assertThat(r.status()).isZero();
        String caps = "inference, training, deterministic\\s+";
        // Maven runs the tests with the Vector API module: cpu-ref's vector kernels run, and win.
        assertThat(r.out())
                .containsPattern("cpu-ref\\s+30\\s+available\\s+" + caps
                        + "cpu  \\(mnist4j .*, Vector API kernels \\((128|256|512)-bit\\)\\)")
                .containsPattern("djl\\s+20\\s+available\\s+" + caps + "cpu")
                .containsPattern("dl4j\\s+5\\s+available\\s+" + caps + "cpu")
                .containsPattern("onnxruntime\\s+1\\s+available\\s+inference\\s+cpu  \\(ONNX Runtime 1\\.")
                .contains("Default: cpu-ref, the available backend with the highest priority (30)");
    }

    @Test
    void benchTimesSeveralBackendsInOneRunAndEndsWithOneJsonObject() throws IOException {
        Run r = run(
                "bench",
                "--backend",
                "cpu-ref,djl,onnxruntime",
                "--data",
                data.toString(),
                "--threads",
                "2",
                "--warmup-batches",
                "2",
                "--warmup-seconds",
                "0",
                "--train-batches",
                "5",
                "--latency-samples",
                "20");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Benchmark of cpu-ref (mnist4j")
                .contains("Benchmark of djl (DJL ")
                .contains("Compared with cpu-ref")
                .containsPattern("djl +\\d+ \\( *\\d+\\.\\d\\dx\\)");
        List<String> lines = r.out().lines().toList();
        JsonNode results =
                new ObjectMapper().readTree(lines.get(lines.size() - 1)).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("backend").asText()).isEqualTo("cpu-ref");
        assertThat(results.get(1).get("backend").asText()).isEqualTo("djl");
        JsonNode ort = results.get(2);
        assertThat(ort.get("backend").asText()).isEqualTo("onnxruntime");
        assertThat(ort.get("train_samples_per_s").isNull())
                .as("an inference-only backend trains nothing")
                .isTrue();
        assertThat(ort.get("epoch_s").isNull()).isTrue();
        for (String key : List.of("infer_images_per_s", "latency_p50_ms", "latency_p99_ms")) {
            assertThat(ort.get(key).asDouble()).as("onnxruntime " + key).isPositive();
        }
        for (JsonNode b : List.of(results.get(0), results.get(1))) {
            for (String key : List.of(
                    "train_samples_per_s",
                    "epoch_s",
                    "infer_images_per_s",
                    "latency_p50_ms",
                    "latency_p99_ms",
                    "peak_heap_mb")) {
                assertThat(b.get(key).asDouble()).as(key).isPositive();
            }
            assertThat(b.get("epoch_s").asDouble()
                            * b.get("train_samples_per_s").asDouble())
                    .isCloseTo(60_000, within(100.0));
            assertThat(b.get("latency_p99_ms").asDouble())
                    .isGreaterThanOrEqualTo(b.get("latency_p50_ms").asDouble());
        }

        Run one = run(
                "bench",
                "--backend",
                "cpu-ref",
                "--data",
                data.toString(),
                "--warmup-batches",
                "1",
                "--warmup-seconds",
                "0",
                "--train-batches",
                "2",
                "--latency-samples",
                "10");
        List<String> oneLines = one.out().lines().toList();
        assertThat(new ObjectMapper()
                        .readTree(oneLines.get(oneLines.size() - 1))
                        .get("backend")
                        .asText())
                .isEqualTo("cpu-ref");
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
        assertThat(unknown.err())
                .startsWith("mnist4j: error: unknown backend 'nope'; available: ")
                .contains("cpu-ref")
                .doesNotContain("\tat ");
        Run cuda = run("train", "--device", "cuda", "--data", data.toString());
        assertThat(cuda.err())
                .contains("cannot use device cuda:0")
                .contains("no CUDA device")
                .doesNotContain("\tat ")
                .as("the library names the setting; the command line adds its flag")
                .contains("use device cpu or auto (--device auto)");
        Run missing = run("evaluate", "--model", dir.resolve("none.safetensors").toString());
        assertThat(missing.err()).contains("none.safetensors does not exist");
        Run verbose = run(
                "evaluate",
                "--verbose",
                "--model",
                dir.resolve("none.safetensors").toString());
        assertThat(verbose.err()).contains("\tat ");
        Run badData = run("train", "--data", dir.resolve("nowhere").toString());
        assertThat(badData.err()).contains("no train-images-idx3-ubyte");
    }

    @Test
    void helpOfEveryCommandFormatsCleanlyWithoutPicocliWarnings() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder help = new StringBuilder();
        try {
            help.append(run("--help").out());
            for (String command : List.of(
                    "view", "train", "evaluate", "predict", "summary", "bench", "backends", "export", "serve")) {
                help.append(run(command, "--help").out());
            }
        } finally {
            System.setErr(original);
        }
        assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        // picocli wraps at the terminal's width, so compare with line breaks folded into spaces
        String folded = help.toString().replaceAll("\\s+", " ");
        assertThat(folded).contains("PATH: DIGIT (PROBABILITY%).").doesNotContain("%%");
    }

    @Test
    void soakReportsMemoryEachRoundAndPassesWhenNothingGrows() {
        Run r = run(
                "soak",
                "--backend",
                "cpu-ref",
                "--threads",
                "2",
                "--data",
                data.toString(),
                "--rounds",
                "3",
                "--train-batches",
                "5",
                "--predictions",
                "2000");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Soak on cpu-ref (cpu): 3 rounds of 5 training batches and 2,000 predictions on 16 threads")
                .containsPattern(
                        "round 1: 2,000 predictions, 0 differ from one thread's; heap [0-9.]+ MB in use \\([0-9.]+ MB"
                                + " committed\\), resident [0-9.]+ MB, [0-9.]+ MB of it outside the heap")
                .contains("round 3: 2,000 predictions, 0 differ")
                .contains("ok: memory held and every prediction agreed");
    }

    @Test
    void soakSaysWhenTheHeapWasResizedUnderItsFigures() {
        assertThat(SoakCommand.resizedHeapNote(805_306_368, 805_306_368)).isEmpty();
        assertThat(SoakCommand.resizedHeapNote(392_200_000, 521_100_000))
                .hasValueSatisfying(note -> assertThat(note)
                        .contains("resized its heap during the run (392.2 to 521.1 MB committed)")
                        .contains("JAVA_OPTS=\"-Xms1g -Xmx1g -XX:+AlwaysPreTouch\""));
    }

    @Test
    void aScheduleIsNamedInTheHeaderAndTheModelAndBadOnesAreRefusedSayingWhy() {
        Path model = dir.resolve("models/cycled.safetensors");
        Run train = run(
                "train",
                "--backend",
                "cpu-ref",
                "--data",
                data.toString(),
                "--epochs",
                "1",
                "--optimizer",
                "momentum",
                "--schedule",
                "onecycle:max_lr=0.05",
                "--threads",
                "2",
                "--out",
                model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out())
                .contains("recipe tutorial: 1 epoch, batch 64, SGD(lr=0.01, momentum=0.9), OneCycleLR(max_lr=0.05,"
                        + " total_steps=the run's, pct_start=0.3,");
        assertThat(lastTestAccuracy(train.out())).isGreaterThan(80.0);
        Run eval = run("evaluate", "--backend", "cpu-ref", "--data", data.toString(), "--model", model.toString());
        assertThat(eval.out()).contains("lr_schedule: OneCycleLR(max_lr=0.05");

        Run plain =
                run("train", "--backend", "cpu-ref", "--data", data.toString(), "--schedule", "onecycle:max_lr=0.05");
        assertThat(plain.status()).isNotZero();
        assertThat(plain.err()).contains("OneCycleLR cycles the momentum, and SGD(lr=0.01) has none");

        Run noStep = run("train", "--data", data.toString(), "--schedule", "step:gamma=0.5");
        assertThat(noStep.status()).isNotZero();
        assertThat(noStep.err()).contains("the schedule needs step_size=VALUE");

        Run unknown = run("train", "--data", data.toString(), "--schedule", "cosine:t_max=5,warmup=2");
        assertThat(unknown.status()).isNotZero();
        assertThat(unknown.err()).contains("this schedule has no argument 'warmup'");
    }

    @Test
    void aRecipeSetsTheRunAndAnOptionChangesOnePartOfIt() {
        Run fast = run(
                "train",
                "--backend",
                "cpu-ref",
                "--data",
                data.toString(),
                "--recipe",
                "fast",
                "--epochs",
                "1",
                "--threads",
                "2",
                "--out",
                dir.resolve("models/fast.safetensors").toString());
        assertThat(fast.status()).as(fast.err()).isZero();
        assertThat(fast.out())
                .contains("recipe fast: 1 epoch, batch 64, Adam(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8),"
                        + " OneCycleLR(max_lr=0.003, total_steps=the run's, pct_start=0.3, div_factor=25.0,"
                        + " final_div_factor=10000.0, momentum 0.95→0.85→0.95), seed 42");
        assertThat(fast.out()).contains("Epoch 1/1").doesNotContain("Epoch 2/");

        Run adamw = run(
                "train",
                "--backend",
                "cpu-ref",
                "--data",
                data.toString(),
                "--epochs",
                "1",
                "--optimizer",
                "adamw",
                "--weight-decay",
                "0.05",
                "--threads",
                "2",
                "--out",
                dir.resolve("models/adamw.safetensors").toString());
        assertThat(adamw.status()).as(adamw.err()).isZero();
        assertThat(adamw.out())
                .contains("recipe tutorial: 1 epoch, batch 64, AdamW(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8,"
                        + " weight_decay=0.05), seed 42");
        assertThat(lastTestAccuracy(adamw.out())).isGreaterThan(80.0);

        Run unknown = run("train", "--data", data.toString(), "--recipe", "fastest");
        assertThat(unknown.status()).isNotZero();
        assertThat(unknown.err()).contains("unknown recipe 'fastest': use one of tutorial, fast, best");
    }

    @Test
    void validationStopAtAndKeepBestWorkFromTheCommandLine() {
        Path model = dir.resolve("models/stop.safetensors");
        Run r = run(
                "train",
                "--backend",
                "cpu-ref",
                "--data",
                data.toString(),
                "--optimizer",
                "adam",
                "--epochs",
                "8",
                "--val",
                "500",
                "--stop-at",
                "85",
                "--keep-best",
                "--augment",
                "affine:degrees=10,translate=2",
                "--threads",
                "2",
                "--out",
                model.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "RandomAffine(degrees=10, translate=2px, scale=1-1, shear=0), 500 images held out to validate")
                .contains("Early stopping: EarlyStopping(monitor=val_accuracy, mode=max, stopping_threshold=0.85)")
                .contains("(500 held-out images)")
                .containsPattern("Stopped early after epoch \\d: val_accuracy 0\\.\\d{4} reached 0\\.85; training time"
                        + " \\d+\\.\\d s")
                .containsPattern("Best model: epoch \\d \\(val_accuracy 0\\.\\d{4}, test accuracy \\d+\\.\\d{3}%\\),"
                        + " saved to .*stop-best\\.safetensors");
        assertThat(r.out())
                .containsPattern("Reached val_accuracy >= 85\\.00% after epoch \\d, in \\d+\\.\\d s of training \\(test"
                        + " accuracy then \\d+\\.\\d{3}%\\)")
                .doesNotContain("Epoch 8/8");
        assertThat(dir.resolve("models/stop-best.safetensors")).exists();

        Run out = run("train", "--data", data.toString(), "--val", "500", "--stop-at", "150");
        assertThat(out.status()).isNotZero();
        assertThat(out.err()).contains("--stop-at is an accuracy in percent, between 0 and 100; was 150");

        Run noVal = run("train", "--data", data.toString(), "--stop-at", "99");
        assertThat(noVal.status()).isNotZero();
        assertThat(noVal.err()).contains("needs a validation split").contains("--val 5000");

        Run whole = run("train", "--data", data.toString(), "--val", "3000");
        assertThat(whole.status()).isNotZero();
        assertThat(whole.err())
                .contains("a validation split of 3000 images leaves nothing to train on")
                .contains("--val 300");

        Run badAugment = run("train", "--data", data.toString(), "--augment", "affine:spin=3");
        assertThat(badAugment.status()).isNotZero();
        assertThat(badAugment.err()).contains("--augment: augmentation 'affine:spin=3': unknown key 'spin'");

        Run badMetric = run("train", "--data", data.toString(), "--val", "500", "--early-stop", "test_accuracy");
        assertThat(badMetric.status()).isNotZero();
        assertThat(badMetric.err()).contains("unknown metric 'test_accuracy': use one of val_accuracy, val_loss");
    }

    @Test
    void viewAugmentShowsEachImageThenItsDistortions() throws IOException {
        Path out = dir.resolve("augmented.png");
        Run r = run(
                "view", "--data", data.toString(), "--augment", "--rows", "2", "--cols", "4", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        BufferedImage grid = javax.imageio.ImageIO.read(out.toFile());
        assertThat(grid.getWidth()).isEqualTo(4 * (112 + 8) + 8);
        assertThat(grid.getHeight()).isEqualTo(2 * (112 + 22 + 8) + 8);
        Run bad = run("view", "--data", data.toString(), "--augment=affine:degrees=500");
        assertThat(bad.status()).isNotZero();
        assertThat(bad.err()).contains("degrees must be in 0–180");
    }
}
