package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.core.Setting;
import dev.mnist4j.model.StateDict;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What an optimizer carries from step to step, with PyTorch's names, so training can stop and
 * resume on any backend: the momentum buffers of SGD with momentum ({@code momentum_buffer}), or
 * Adam's moments ({@code exp_avg}, {@code exp_avg_sq}) and its step count. Plain SGD has none.
 *
 * @param kind  the optimizer's {@link OptimizerConfig#kind()}
 * @param step  optimizer steps taken
 * @param slots per-parameter tensors by slot name, each shaped like the model's state
 */
@API(status = STABLE)
public record OptimizerState(String kind, long step, Map<String, StateDict> slots) {
    public static final String MOMENTUM_BUFFER = "momentum_buffer";
    public static final String EXP_AVG = "exp_avg";
    public static final String EXP_AVG_SQ = "exp_avg_sq";

    public OptimizerState {
        slots = Map.copyOf(slots);
    }

    /** The slots an optimizer of this kind has once it has taken a step. */
    public static Set<String> slotsOf(String kind) {
        return switch (kind) {
            case "momentum" -> Set.of(MOMENTUM_BUFFER);
            case "adam", "adamw" -> Set.of(EXP_AVG, EXP_AVG_SQ);
            default -> Set.of();
        };
    }

    /** Checks this state can continue {@code config}'s optimizer: same kind, the right slots, CNN shapes. */
    public OptimizerState requireFor(OptimizerConfig config) {
        if (!kind.equals(config.kind())) {
            throw new Mnist4jException("the checkpoint holds the state of optimizer '" + kind + "', but '"
                            + config.kind() + "' is configured; resume with optimizer " + kind)
                    .remedy(Setting.OPTIMIZER, kind);
        }
        Set<String> expected = step == 0 ? Set.of() : slotsOf(kind);
        if (!slots.keySet().equals(expected)) {
            throw new Mnist4jException("optimizer state of '" + kind + "' after " + step + " steps should hold "
                    + expected + ", but holds " + slots.keySet());
        }
        slots.values().forEach(StateDict::requireMnistCnn);
        return this;
    }
}
