package dev.mnist4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void theNextSaveRemovesTemporaryFilesOfDeadProcessesOnly() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long dead = gone.pid();
        long alive = ProcessHandle.current().pid();
        Path target = dir.resolve("model.safetensors");
        Path debris = Files.writeString(dir.resolve(".model.safetensors." + dead + "-123.tmp"), "half");
        Path busy = Files.writeString(dir.resolve(".model.safetensors." + alive + "-456.tmp"), "writing");
        Path other = Files.writeString(dir.resolve(".other.safetensors." + dead + "-789.tmp"), "not ours");
        Path user = Files.writeString(dir.resolve("notes.tmp"), "a user's file");

        assertThat(AtomicFile.debris(dir, "model.safetensors")).containsExactly(debris);
        AtomicFile.write(target, "new".getBytes());

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(debris).doesNotExist();
        assertThat(busy).exists(); // its process still runs: perhaps still writing
        assertThat(other).exists(); // another target's: removed when that one is saved
        assertThat(user).exists();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .filteredOn(n -> n.startsWith(".model.safetensors.") && n.endsWith(".tmp"))
                    .containsExactly(busy.getFileName().toString());
        }
    }
}
