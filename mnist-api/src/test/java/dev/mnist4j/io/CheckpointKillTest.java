package dev.mnist4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.train.Checkpoint;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} while a checkpoint is being saved leaves the previous checkpoint whole: a child
 * JVM saves checkpoints in a loop and is killed at moments spread over its writes.
 */
class CheckpointKillTest {
    @TempDir
    Path dir;

    @Test
    void aKilledSaveLeavesTheLastCompleteCheckpoint() throws Exception {
        Path file = dir.resolve("checkpoint.safetensors");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (int round = 0; round < 5; round++) {
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            cp,
                            CheckpointWriterLoop.class.getName(),
                            file.toString())
                    .redirectErrorStream(true)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int target = 3 + round * 7; // kill after different numbers of completed saves
            String line;
            do {
                line = out.readLine();
                assertThat(line).as("child stopped early").isNotNull();
            } while (!line.equals("wrote " + target));
            Thread.sleep(round * 3L); // land the kill at different points of the next write
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            Checkpoint loaded = Checkpoints.load(file);
            assertThat(loaded.epochsDone()).isGreaterThanOrEqualTo(target);
            assertThat(loaded.model()).isEqualTo(PyTorchInit.initialState(loaded.epochsDone() % 2));
            assertThat(loaded.optimizer().step()).isEqualTo(loaded.epochsDone());
        }
        assertThat(new File(dir.toFile(), "checkpoint.safetensors")).exists();
        // whatever the kills left half-written goes at the next save into the directory
        Checkpoint last = Checkpoints.load(file);
        Checkpoints.save(file, last, java.util.Map.of());
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("checkpoint.safetensors");
        }
    }
}
