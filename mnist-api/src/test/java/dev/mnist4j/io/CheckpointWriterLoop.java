package dev.mnist4j.io;

import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.train.Checkpoint;
import dev.mnist4j.train.OptimizerState;
import java.nio.file.Path;
import java.util.Map;

/** Saves checkpoints to one file over and over until killed; run by {@link CheckpointKillTest}. */
public final class CheckpointWriterLoop {
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        for (long n = 1; ; n++) {
            StateDict state = PyTorchInit.initialState(n % 2);
            OptimizerState adam = new OptimizerState(
                    "adam", n, Map.of(OptimizerState.EXP_AVG, state, OptimizerState.EXP_AVG_SQ, state));
            Checkpoints.save(file, new Checkpoint(state, adam, (int) n, 42, 64), Map.of());
            System.out.println("wrote " + n);
        }
    }
}
