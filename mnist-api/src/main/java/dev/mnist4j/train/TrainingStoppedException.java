package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Mnist4jException;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Training stopped when asked ({@link Trainer#requestStop()}, e.g. on Ctrl-C) after a whole batch:
 * the exception carries where it stood and, when the trainer had a checkpoint file, that file, written
 * before this was thrown. Resuming from it ends where an uninterrupted run ends.
 */
@API(status = STABLE)
public class TrainingStoppedException extends Mnist4jException {
    private final transient Checkpoint checkpoint;
    private final transient Path file;

    public TrainingStoppedException(String message, Checkpoint checkpoint, Path file) {
        super(message);
        this.checkpoint = checkpoint;
        this.file = file;
    }

    /** Where the run stood: resume from it with {@code Trainer.resume}. */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /** The checkpoint file written, if the trainer had one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
