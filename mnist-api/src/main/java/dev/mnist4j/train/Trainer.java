package dev.mnist4j.train;

import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.model.DigitModel;
import java.util.List;

/** Fits a model on a data module with a {@link TrainConfig}, and evaluates it. */
public interface Trainer {

    TrainConfig config();

    /** Listeners hear of every batch and epoch of later {@link #fit} calls. */
    Trainer addListener(TrainingListener listener);

    /** Trains for {@code config().epochs()} epochs; returns each epoch's result. */
    List<EpochResult> fit(DigitModel model, DataModule data);

    /** After every epoch of later runs, writes a {@link Checkpoint} to this file (atomically). */
    Trainer checkpointTo(java.nio.file.Path file);

    /**
     * Continues a run from a checkpoint up to {@code config().epochs()} epochs in all, ending where
     * an uninterrupted run would. The model must hold the checkpoint's weights; the checkpoint must
     * come from the same optimizer, seed and batch size.
     *
     * @return the results of the epochs run now
     */
    List<EpochResult> resume(DigitModel model, DataModule data, Checkpoint from);

    /** Accuracy, mean loss and confusion matrix of the model on a split. */
    Evaluation evaluate(DigitModel model, DataSet data);
}
