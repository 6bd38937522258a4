package dev.mnist4j.fuzz;

import dev.mnist4j.core.Mnist4jException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every fuzz target checks: a reader reads its input or refuses it in mnist4j's own words. */
final class Refusals {
    /**
     * How long Jazzer searches each target when fuzzing ({@code scripts/fuzz}, in {@code .ci/run}).
     * Jazzer's JUnit integration (0.24) takes the duration from the annotation alone, so it lives here.
     */
    static final String FUZZ_DURATION = "8s";

    /** A directory for targets whose reader wants a file. */
    static final Path SCRATCH = scratch();

    private Refusals() {}

    /** Reads an input; an IOException reading from memory or scratch files is a bug too. */
    interface Reader {
        void read() throws IOException;
    }

    static void refusesOrReads(Reader reader) {
        try {
            reader.read();
        } catch (Mnist4jException refused) {
            if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                throw new AssertionError("a refusal without a message", refused);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("mnist4j-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
