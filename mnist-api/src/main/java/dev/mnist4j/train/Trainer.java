package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.data.DataModule;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Trains the model it was made for ({@code DigitModel.newTrainer(config)}) on a data module: the
 * tutorial's loop, the same for every backend. Each run records its provenance (data, recipe,
 * accuracy) in the model's metadata, and the model takes the data's normalisation, so what is saved
 * and what predicts cannot disagree with what trained.
 */
@API(status = STABLE)
public interface Trainer {

    TrainConfig config();

    /** Listeners hear of every batch and epoch of later runs. */
    Trainer addListener(TrainingListener listener);

    /** After every epoch of later runs, writes a {@link Checkpoint} to this file (atomically). */
    Trainer checkpointTo(Path file);

    /**
     * Ends later runs early as {@code rule} says (Lightning's {@code EarlyStopping}); the last
     * epoch's checkpoint and results stand, and listeners hear {@code onEarlyStop}.
     */
    Trainer stopEarly(EarlyStopping rule);

    /**
     * Saves the model to {@code file} (atomically, as {@code DigitModel.save}) after every epoch
     * whose {@code monitor} is the best so far: Lightning's {@code ModelCheckpoint(save_top_k=1)}.
     */
    Trainer keepBest(Path file, Metric monitor);

    /**
     * Ends later runs after epoch {@code epoch} (counted from 1 over the whole run) although the
     * config plans more: the schedule still spans {@code config().epochs()}, so these epochs are the
     * first of the planned run and its checkpoint resumes to that run's end. 0: no such limit.
     */
    Trainer stopAfterEpoch(int epoch);

    /**
     * Asks a running {@code fit} or {@code resume} to stop after its current batch: it then writes a
     * checkpoint of where it stands (to the {@link #checkpointTo} file, if any) and throws {@link
     * TrainingStoppedException}. Safe from any thread, e.g. a Ctrl-C handler.
     */
    void requestStop();

    /** Trains for {@code config().epochs()} epochs; returns each epoch's result. */
    List<EpochResult> fit(DataModule data);

    /**
     * Continues a run from a checkpoint up to {@code config().epochs()} epochs in all, ending where
     * an uninterrupted run would: the model takes the checkpoint's weights, the optimizer its state.
     * The checkpoint must come from the same optimizer, seed and batch size.
     *
     * @return the results of the epochs run now
     */
    List<EpochResult> resume(DataModule data, Checkpoint from);
}
