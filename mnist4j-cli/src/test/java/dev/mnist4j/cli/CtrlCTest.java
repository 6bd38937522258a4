package dev.mnist4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnist4j.io.Checkpoints;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.tck.SmallMnist;
import dev.mnist4j.train.Checkpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT, sent to a real child process) during {@code mnist4j train}: the run stops after
 * a batch, keeps a checkpoint, prints the command that resumes it, and exits with 130; resumed, it
 * ends on the weights of an uninterrupted run. A second Ctrl-C quits at once and leaves the last
 * checkpoint whole.
 */
class CtrlCTest {
    static final Pattern RESUME = Pattern.compile("Resume with: \\./mnist4j (.*)");

    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void data() throws Exception {
        // 300 batches an epoch: after the progress line at 75, the rest of the epoch takes seconds,
        // far longer than sending the signal takes even on a busy machine
        data = SmallMnist.write(dir.resolve("data"), 19_200, 200);
    }

    private List<String> trainArgs(Path out) {
        return List.of(
                "train",
                "--backend",
                "cpu-ref",
                "--threads",
                "1",
                "--epochs",
                "2",
                "--optimizer",
                "momentum",
                "--data",
                data.toString(),
                "--out",
                out.toString());
    }

    /** Runs to the end; returns its output. */
    private static String finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** Reads output until a progress line of the given epoch, then sends SIGINT {@code times} times. */
    private static String interruptIn(Process p, String progress, int times) throws Exception {
        StringBuilder seen = new StringBuilder();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.contains(progress)) {
                for (int i = 0; i < times; i++) {
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid()))
                            .start()
                            .waitFor();
                }
                break;
            }
        }
        for (String line; (line = in.readLine()) != null; ) {
            seen.append(line).append('\n');
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return seen.toString();
    }

    @Test
    void ctrlCKeepsACheckpointAndTheResumedRunEndsOnTheUninterruptedWeights() throws Exception {
        Path straight = dir.resolve("straight.safetensors");
        Process whole = ChildCli.start(trainArgs(straight).toArray(String[]::new));
        String wholeOut = finish(whole);
        assertThat(whole.exitValue()).as(wholeOut).isZero();

        Path stopped = dir.resolve("stopped.safetensors");
        Process p = ChildCli.start(trainArgs(stopped).toArray(String[]::new));
        String out = interruptIn(p, "epoch 1/2: 75/300", 1);
        assertThat(p.exitValue()).as(out).isEqualTo(130);
        assertThat(out)
                .contains("Stopping after this batch")
                .containsPattern("Stopped by Ctrl-C, epoch 1, after batch \\d+");
        assertThat(stopped).doesNotExist(); // the model is saved only when training ends
        Path checkpoint = dir.resolve("stopped-checkpoint.safetensors");
        Checkpoint cp = Checkpoints.load(checkpoint);
        assertThat(cp.epochsDone()).isZero();
        assertThat(cp.inEpoch().batches()).isBetween(75, 299);
        Matcher m = RESUME.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        List<String> resume = new ArrayList<>(List.of(m.group(1).split(" ")));
        assertThat(resume).containsSubsequence("--resume", checkpoint.toString());

        Process again = ChildCli.start(resume.toArray(String[]::new));
        String againOut = finish(again);
        assertThat(again.exitValue()).as(againOut).isZero();
        assertThat(againOut).contains("Resuming from " + checkpoint + ", epoch 1, after batch");
        assertThat(ModelFiles.load(stopped).state())
                .as("the resumed run's final weights")
                .isEqualTo(ModelFiles.load(straight).state());
        assertThat(lines(againOut, "Epoch 1/2"))
                .isEqualTo(lines(wholeOut, "Epoch 1/2").replaceAll("UseTime.*", ""));
    }

    private static String lines(String out, String prefix) {
        return out.lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.replaceAll("UseTime.*", ""))
                .findFirst()
                .orElse("");
    }

    @Test
    void aSecondCtrlCQuitsAtOnceAndTheLastCheckpointStaysWhole() throws Exception {
        Path out = dir.resolve("twice.safetensors");
        Process p = ChildCli.start(trainArgs(out).toArray(String[]::new));
        String seen = interruptIn(p, "epoch 2/2: 75/300", 2);
        assertThat(p.exitValue()).as(seen).isEqualTo(130);
        Path checkpoint = dir.resolve("twice-checkpoint.safetensors");
        Checkpoint cp = Checkpoints.load(checkpoint); // whole: the epoch-1 one, or the one the first Ctrl-C wrote
        assertThat(cp.epochsDone()).isBetween(0, 1);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no half-written checkpoint under its own name")
                    .noneMatch(n -> n.equals("twice.safetensors"));
        }
    }
}
