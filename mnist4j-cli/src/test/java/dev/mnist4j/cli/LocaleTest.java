package dev.mnist4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnist4j.tck.SmallMnist;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under a German locale (decimal comma) the numbers people and scripts parse still have a decimal point. */
class LocaleTest {
    static final Map<String, String> GERMAN = Map.of("LANG", "de_DE.UTF-8", "LC_ALL", "de_DE.UTF-8");
    static final List<String> GERMAN_JVM = List.of("-Duser.language=de", "-Duser.country=DE");

    @TempDir
    Path dir;

    private static String run(String... args) throws Exception {
        Process p = ChildCli.start(GERMAN, GERMAN_JVM, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void trainEvaluateAndBenchPrintDecimalPointsUnderAGermanLocale() throws Exception {
        Path data = SmallMnist.write(dir.resolve("data"), 640, 200);
        Path model = dir.resolve("m.safetensors");
        String train = run(
                "train",
                "--backend",
                "cpu-ref",
                "--epochs",
                "1",
                "--threads",
                "1",
                "--data",
                data.toString(),
                "--out",
                model.toString());
        assertThat(train)
                .containsPattern(
                        "Epoch 1/1, Loss: \\d\\.\\d{4}, Accuracy: \\d+\\.\\d{3}% UseTime: \\d:\\d\\d:\\d\\d\\.\\d\\d")
                .containsPattern("Test accuracy: \\d+\\.\\d{3}%")
                .doesNotContainPattern("\\d,\\d{3}%");
        String eval = run("evaluate", "--backend", "cpu-ref", "--data", data.toString(), "--model", model.toString());
        assertThat(eval).containsPattern("Test accuracy: \\d+\\.\\d{3}% \\(200 images\\), mean loss \\d\\.\\d{4}");
        String bench = run(
                "bench",
                "--backend",
                "cpu-ref",
                "--threads",
                "1",
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
        List<String> lines = bench.lines().toList();
        var json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(json.get("train_samples_per_s").isNumber()).isTrue();
        assertThat(bench).containsPattern("p50 \\d+\\.\\d{3} ms");
    }
}
