package dev.mnist4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.core.Setting;
import dev.mnist4j.data.Batch;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.spi.Update;
import dev.mnist4j.train.LrSchedule;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.OptimizerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optimizer's bookkeeping, once for every backend: the constants of each update, state, restore. */
class OptimizerRunTest {

    /** Records what the bookkeeping asks of a backend; slots hold whatever was set. */
    static final class RecordingEngine implements TrainingEngine {
        final List<Update> updates = new ArrayList<>();
        final Map<String, StateDict> slots = new HashMap<>();
        final List<String> cleared = new ArrayList<>();

        @Override
        public float forwardBackward(Batch batch, float[] logits) {
            return 0;
        }

        @Override
        public StateDict gradients() {
            return PyTorchInit.initialState(0);
        }

        @Override
        public void update(Update update) {
            updates.add(update);
        }

        @Override
        public StateDict slot(String name) {
            return slots.getOrDefault(name, PyTorchInit.initialState(1));
        }

        @Override
        public void setSlot(String name, StateDict value) {
            if (value == null) {
                cleared.add(name);
                slots.remove(name);
            } else {
                slots.put(name, value);
            }
        }
    }

    @Test
    void momentumStartsItsBufferOnTheFirstStepOnly() {
        RecordingEngine engine = new RecordingEngine();
        OptimizerRun run = new OptimizerRun(OptimizerConfig.momentum(0.01, 0.9), LrSchedule.constant(), engine);
        run.update(0);
        run.update(0);
        assertThat(engine.updates)
                .containsExactly(new Update.Momentum(0.01f, 0.9f, true), new Update.Momentum(0.01f, 0.9f, false));
        assertThat(run.state().step()).isEqualTo(2);
        assertThat(run.state().slots()).containsOnlyKeys(OptimizerState.MOMENTUM_BUFFER);
    }

    @Test
    void adamGetsPyTorchsBiasCorrectionsForEachStep() {
        RecordingEngine engine = new RecordingEngine();
        OptimizerRun run = new OptimizerRun(OptimizerConfig.adam(1e-3), LrSchedule.constant(), engine);
        run.update(0);
        run.update(0);
        Update.Adam second = (Update.Adam) engine.updates.get(1);
        // torch.optim.Adam at step 2: step_size = lr / (1 - 0.9²), bias_correction2 = 1 - 0.999²
        assertThat((double) second.stepSize()).isCloseTo(1e-3 / (1 - 0.81), within(1e-9));
        assertThat((double) second.bias2Sqrt()).isCloseTo(Math.sqrt(1 - 0.999 * 0.999), within(1e-8));
        assertThat(second.beta1()).isEqualTo(0.9f);
        assertThat(second.eps()).isEqualTo(1e-8f);
        assertThat(run.state().slots()).containsOnlyKeys(OptimizerState.EXP_AVG, OptimizerState.EXP_AVG_SQ);
    }

    @Test
    void plainSgdHasNoSlotsAndAStateBeforeTheFirstStepHasNone() {
        RecordingEngine engine = new RecordingEngine();
        OptimizerRun run = new OptimizerRun(OptimizerConfig.adam(1e-3), LrSchedule.constant(), engine);
        assertThat(run.state()).isEqualTo(new OptimizerState("adam", 0, Map.of()));
        OptimizerRun sgd = new OptimizerRun(OptimizerConfig.sgd(0.1), LrSchedule.constant(), engine);
        sgd.update(0);
        assertThat(engine.updates).containsExactly(new Update.Sgd(0.1f));
        assertThat(sgd.state().slots()).isEmpty();
    }

    @Test
    void restoringAStateOfStepZeroClearsEverySlotOnEveryBackend() {
        RecordingEngine engine = new RecordingEngine();
        OptimizerRun run = new OptimizerRun(OptimizerConfig.adam(1e-3), LrSchedule.constant(), engine);
        run.update(0);
        engine.slots.put(OptimizerState.EXP_AVG, PyTorchInit.initialState(5));
        run.restore(new OptimizerState("adam", 0, Map.of()));
        assertThat(engine.cleared).containsExactlyInAnyOrder(OptimizerState.EXP_AVG, OptimizerState.EXP_AVG_SQ);
        run.update(0);
        assertThat(((Update.Adam) engine.updates.get(1)).stepSize())
                .as("the step count starts again")
                .isEqualTo(((Update.Adam) engine.updates.get(0)).stepSize());
    }

    @Test
    void restoringContinuesTheStepCountAndSetsTheSlots() {
        RecordingEngine engine = new RecordingEngine();
        OptimizerRun run = new OptimizerRun(OptimizerConfig.momentum(0.01, 0.9), LrSchedule.constant(), engine);
        StateDict buffer = PyTorchInit.initialState(7);
        run.restore(new OptimizerState("momentum", 40, Map.of(OptimizerState.MOMENTUM_BUFFER, buffer)));
        assertThat(engine.slots).containsEntry(OptimizerState.MOMENTUM_BUFFER, buffer);
        run.update(0);
        assertThat(engine.updates).containsExactly(new Update.Momentum(0.01f, 0.9f, false));
        assertThat(run.state().step()).isEqualTo(41);
    }

    @Test
    void aStateOfAnotherOptimizerIsRefusedNamingTheSetting() {
        OptimizerRun run = new OptimizerRun(OptimizerConfig.adam(1e-3), LrSchedule.constant(), new RecordingEngine());
        assertThatThrownBy(() -> run.restore(new OptimizerState("momentum", 3, Map.of())))
                .isInstanceOf(Mnist4jException.class)
                .hasMessageContaining("state of optimizer 'momentum', but 'adam' is configured")
                .satisfies(e ->
                        assertThat(((Mnist4jException) e).remedies()).containsEntry(Setting.OPTIMIZER, "momentum"));
    }

    @Test
    void aScheduleSetsEachUpdatesRateAndMomentumAsPyTorchsAdamUsesThem() {
        RecordingEngine engine = new RecordingEngine();
        LrSchedule cycle = LrSchedule.OneCycleLR.of(0.003).forRun(OptimizerConfig.adam(1e-3), 10);
        OptimizerRun run = new OptimizerRun(OptimizerConfig.adam(1e-3), cycle, engine);
        for (int i = 0; i < 10; i++) {
            run.update(0);
        }
        for (int t = 1; t <= 10; t++) {
            Update.Adam u = (Update.Adam) engine.updates.get(t - 1);
            double beta1 = cycle.momentum(0.9, t - 1); // torch: betas[0] of the group, cycled
            assertThat(u.beta1()).isEqualTo((float) beta1);
            assertThat(u.stepSize()).isEqualTo((float) (cycle.learningRate(1e-3, t - 1) / (1 - Math.pow(beta1, t))));
        }

        RecordingEngine perEpoch = new RecordingEngine();
        OptimizerRun sgd = new OptimizerRun(OptimizerConfig.sgd(0.1), new LrSchedule.StepLR(1, 0.5), perEpoch);
        sgd.update(0);
        sgd.update(0);
        sgd.update(1);
        sgd.update(2);
        assertThat(perEpoch.updates)
                .containsExactly(
                        new Update.Sgd(0.1f), new Update.Sgd(0.1f), new Update.Sgd(0.05f), new Update.Sgd(0.025f));
    }
}
