package dev.mnist4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schedule against real PyTorch's: the rate and the momentum (or Adam's β1) in force at every
 * step, recorded by {@code scripts/make_schedule_fixture.py} from {@code torch.optim.lr_scheduler}.
 */
class LrScheduleTest {

    static Stream<JsonNode> pytorchCases() throws IOException {
        try (InputStream in = LrScheduleTest.class.getResourceAsStream("pytorch-schedules.json")) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(cases::add);
            assertThat(cases).hasSize(7);
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pytorchCases")
    void givesPyTorchsRateAndMomentumAtEveryStep(JsonNode c) {
        OptimizerConfig optimizer = optimizer(c);
        JsonNode lrs = c.get("lr");
        LrSchedule schedule = schedule(c).forRun(optimizer, lrs.size());
        assertThat(schedule.perBatch()).isEqualTo(c.get("per_batch").asBoolean());
        double baseMomentum =
                optimizer instanceof OptimizerConfig.Adam a ? a.beta1() : ((OptimizerConfig.Sgd) optimizer).momentum();
        for (int step = 0; step < lrs.size(); step++) {
            double lr = lrs.get(step).asDouble();
            assertThat(schedule.learningRate(optimizer.learningRate(), step))
                    .as("%s: learning rate at step %d", c.get("name").asText(), step)
                    .isCloseTo(lr, within(1e-12 * Math.max(1e-3, lr)));
            assertThat(schedule.momentum(baseMomentum, step))
                    .as("%s: momentum at step %d", c.get("name").asText(), step)
                    .isCloseTo(c.get("momentum").get(step).asDouble(), within(1e-12));
        }
    }

    @Test
    void schedulesThatDoNotFitAreRefusedSayingWhy() {
        assertThatThrownBy(() -> LrSchedule.OneCycleLR.of(0.1).forRun(OptimizerConfig.sgd(0.01), 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycles the momentum")
                .hasMessageContaining("SGD(lr=0.01) has none");
        assertThatThrownBy(
                        () -> LrSchedule.OneCycleLR.of(0.1).withTotalSteps(50).forRun(OptimizerConfig.adam(1e-3), 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorter than the run's 100 optimizer steps");
        assertThatThrownBy(() -> new LrSchedule.StepLR(0, 0.5)).hasMessageContaining("step_size must be 1 or more");
        assertThatThrownBy(() -> new LrSchedule.ExponentialLR(1.5)).hasMessageContaining("gamma must be in (0, 1]");
        assertThatThrownBy(() -> new LrSchedule.MultiStepLR(List.of(), 0.1)).hasMessageContaining("milestones");
        LrSchedule sized = LrSchedule.OneCycleLR.of(0.1).forRun(OptimizerConfig.adam(1e-3), 10);
        assertThatThrownBy(() -> sized.learningRate(1e-3, 11)).hasMessageContaining("past its total_steps 10");
    }

    @Test
    void aConstantScheduleIsTheTutorialsRecipe() {
        assertThat(TrainConfig.defaults().schedule()).isEqualTo(LrSchedule.constant());
        assertThat(LrSchedule.constant().learningRate(0.01, 1234)).isEqualTo(0.01);
    }

    private static OptimizerConfig optimizer(JsonNode c) {
        JsonNode args = c.get("optimizer_args");
        double lr = args.get("lr").asDouble();
        if (c.get("optimizer").asText().equals("adam")) {
            return OptimizerConfig.adam(lr);
        }
        return OptimizerConfig.momentum(
                lr, args.has("momentum") ? args.get("momentum").asDouble() : 0);
    }

    private static LrSchedule schedule(JsonNode c) {
        JsonNode a = c.get("scheduler_args");
        return switch (c.get("scheduler").asText()) {
            case "StepLR" ->
                new LrSchedule.StepLR(a.get("step_size").asInt(), a.get("gamma").asDouble());
            case "MultiStepLR" -> {
                List<Integer> milestones = new ArrayList<>();
                a.get("milestones").forEach(m -> milestones.add(m.asInt()));
                yield new LrSchedule.MultiStepLR(milestones, a.get("gamma").asDouble());
            }
            case "ExponentialLR" -> new LrSchedule.ExponentialLR(a.get("gamma").asDouble());
            case "CosineAnnealingLR" ->
                new LrSchedule.CosineAnnealingLR(
                        a.get("T_max").asInt(), a.get("eta_min").asDouble());
            case "LinearLR" ->
                new LrSchedule.LinearLR(
                        a.get("start_factor").asDouble(),
                        a.get("end_factor").asDouble(),
                        a.get("total_iters").asInt());
            case "OneCycleLR" -> {
                LrSchedule.OneCycleLR s = LrSchedule.OneCycleLR.of(
                                a.get("max_lr").asDouble())
                        .withTotalSteps(a.get("total_steps").asLong());
                yield a.has("pct_start") ? s.withPctStart(a.get("pct_start").asDouble()) : s;
            }
            default -> throw new IllegalArgumentException(c.get("scheduler").asText());
        };
    }
}
