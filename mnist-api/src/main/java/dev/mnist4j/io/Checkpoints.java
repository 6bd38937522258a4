package dev.mnist4j.io;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import dev.mnist4j.train.Checkpoint;
import dev.mnist4j.train.OptimizerState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Training checkpoints as safetensors: the model's tensors under {@code model.}, each optimizer
 * slot under its name ({@code momentum_buffer.conv1.weight}, …), the rest in the metadata. Written
 * atomically, so a crash — even {@code kill -9} — during a save leaves the previous checkpoint.
 */
@API(status = STABLE)
public final class Checkpoints {
    private static final String KIND = "mnist4j training checkpoint";

    private Checkpoints() {}

    public static void save(Path file, Checkpoint cp, Map<String, String> extraMetadata) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        cp.model().tensors().forEach((name, t) -> tensors.put("model." + name, t));
        cp.optimizer()
                .slots()
                .forEach((slot, state) -> state.tensors().forEach((name, t) -> tensors.put(slot + "." + name, t)));
        Map<String, String> meta = new LinkedHashMap<>(extraMetadata);
        meta.put("checkpoint", KIND);
        meta.put("epochs_done", Integer.toString(cp.epochsDone()));
        meta.put("seed", Long.toString(cp.seed()));
        meta.put("batch_size", Integer.toString(cp.batchSize()));
        meta.put("optimizer_kind", cp.optimizer().kind());
        meta.put("optimizer_step", Long.toString(cp.optimizer().step()));
        if (cp.inEpoch().batches() > 0) { // stopped within an epoch: its sums so far (doubles exactly, as hex)
            meta.put("in_epoch_batches", Integer.toString(cp.inEpoch().batches()));
            meta.put("in_epoch_loss_sum", Double.toHexString(cp.inEpoch().lossSum()));
            meta.put("in_epoch_correct", Long.toString(cp.inEpoch().correct()));
            meta.put("in_epoch_seen", Long.toString(cp.inEpoch().seen()));
        }
        SafeTensors.write(file, tensors, meta);
    }

    public static Checkpoint load(Path file) {
        TensorFile content = SafeTensors.read(file);
        Map<String, String> meta = content.metadata();
        if (!KIND.equals(meta.get("checkpoint"))) {
            throw new ModelFileException(file + ": not a training checkpoint (a model file? resume needs the"
                    + " checkpoint written beside it, NAME-checkpoint.safetensors)");
        }
        try {
            String kind = meta.get("optimizer_kind");
            Map<String, StateDict> slots = new LinkedHashMap<>();
            for (String slot : OptimizerState.slotsOf(kind)) {
                if (content.tensors()
                        .containsKey(slot + "." + MnistCnn.PARAMETERS.get(0).name())) {
                    slots.put(slot, prefixed(content.tensors(), slot + "."));
                }
            }
            StateDict model = prefixed(content.tensors(), "model.");
            OptimizerState optimizer = new OptimizerState(kind, Long.parseLong(meta.get("optimizer_step")), slots);
            return new Checkpoint(
                    model,
                    optimizer,
                    Integer.parseInt(meta.get("epochs_done")),
                    Long.parseLong(meta.get("seed")),
                    Integer.parseInt(meta.get("batch_size")),
                    inEpoch(meta));
        } catch (RuntimeException e) {
            throw new ModelFileException(file + ": a damaged checkpoint: " + e.getMessage(), e);
        }
    }

    private static Checkpoint.InEpoch inEpoch(Map<String, String> meta) {
        if (!meta.containsKey("in_epoch_batches")) {
            return Checkpoint.InEpoch.NONE; // written at an epoch's end (or by mnist4j 0.1)
        }
        return new Checkpoint.InEpoch(
                Integer.parseInt(meta.get("in_epoch_batches")),
                Double.parseDouble(meta.get("in_epoch_loss_sum")),
                Long.parseLong(meta.get("in_epoch_correct")),
                Long.parseLong(meta.get("in_epoch_seen")));
    }

    private static StateDict prefixed(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (MnistCnn.Parameter p : MnistCnn.PARAMETERS) {
            Tensor t = all.get(prefix + p.name());
            if (t == null) {
                throw new Mnist4jException("missing tensor '" + prefix + p.name() + "'");
            }
            out.put(p.name(), t);
        }
        return StateDict.of(out).requireMnistCnn();
    }
}
