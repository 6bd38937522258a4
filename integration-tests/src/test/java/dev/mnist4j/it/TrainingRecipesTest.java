package dev.mnist4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mnist4j.Backend;
import dev.mnist4j.BackendStatus;
import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.core.Setting;
import dev.mnist4j.data.Augmentation;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import dev.mnist4j.train.EarlyStopping;
import dev.mnist4j.train.EpochResult;
import dev.mnist4j.train.Metric;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation, early stopping, best-model checkpoints and augmentation, as a user runs them. */
class TrainingRecipesTest {
    static final ModelOptions CPU =
            ModelOptions.defaults().withDevice(Device.CPU).withThreads(2);
    static DataModule small;
    static Backend cpuRef;

    @BeforeAll
    static void setUp() {
        DataModule mnist = DataModules.mnist();
        small = DataModules.of(
                "small", mnist.train().subset(0, 3000), mnist.test().subset(0, 500));
        cpuRef = Backends.get("cpu-ref");
    }

    private static TrainConfig quick(int epochs) {
        return TrainConfig.defaults()
                .withEpochs(epochs)
                .withOptimizer(OptimizerConfig.adam(1e-3))
                .withValidation(500);
    }

    @Test
    void validationIsMeasuredOnHeldOutImagesAndRecorded() {
        try (DigitModel m = cpuRef.newModel(CPU)) {
            List<EpochResult> results = m.newTrainer(quick(2)).fit(small);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.validation()).isNotNull();
                assertThat(r.validation().count()).isEqualTo(500);
                assertThat(r.test().count()).isEqualTo(500);
            });
            // trained on 2,500 images: the tutorial's accuracy divides by the images trained on
            assertThat(results.get(0).accuracy() * 2500)
                    .isCloseTo(Math.rint(results.get(0).accuracy() * 2500), within(1e-6));
            assertThat(m.metadata()).containsEntry("validation", "500 images").containsKey("val_accuracy");
            // the model's recorded training data is the 2,500 images it trained on, not the 3,000
            assertThat(m.metadata().get("train_data_sha256"))
                    .isEqualTo(small.train().holdOut(500, 42).train().sha256());
        }
    }

    @Test
    void earlyStoppingEndsTheRunAfterPatienceEpochsWithoutImprovement() {
        // no accuracy can improve by more than 1 (100 points): only the first epoch counts as an improvement
        List<EarlyStopping.Stop> stops = new ArrayList<>();
        try (DigitModel m = cpuRef.newModel(CPU)) {
            List<EpochResult> results = m.newTrainer(quick(10))
                    .stopEarly(EarlyStopping.on(Metric.VAL_ACCURACY)
                            .withPatience(2)
                            .withMinDelta(1))
                    .addListener(new TrainingListener() {
                        @Override
                        public void onEarlyStop(EarlyStopping.Stop stop) {
                            stops.add(stop);
                        }
                    })
                    .fit(small);
            assertThat(results).hasSize(3); // best at 1, no improvement at 2 and 3
            assertThat(stops).singleElement().satisfies(s -> {
                assertThat(s.epoch()).isEqualTo(3);
                assertThat(s.monitor()).isEqualTo(Metric.VAL_ACCURACY);
                assertThat(s.value()).isEqualTo(results.get(2).validation().accuracy());
                assertThat(s.reason()).contains("val_accuracy did not improve by more than 1.0 for 2 epochs");
                assertThat(s.trainingTime())
                        .isEqualTo(results.stream()
                                .map(EpochResult::duration)
                                .reduce(java.time.Duration.ZERO, java.time.Duration::plus));
            });
        }
    }

    @Test
    void stopAtEndsTheRunOnceValidationAccuracyReachesIt() {
        List<EarlyStopping.Stop> stops = new ArrayList<>();
        try (DigitModel m = cpuRef.newModel(CPU)) {
            List<EpochResult> results = m.newTrainer(quick(10))
                    .stopEarly(EarlyStopping.atAccuracy(0.90))
                    .addListener(new TrainingListener() {
                        @Override
                        public void onEarlyStop(EarlyStopping.Stop stop) {
                            stops.add(stop);
                        }
                    })
                    .fit(small);
            EpochResult last = results.get(results.size() - 1);
            assertThat(last.validation().accuracy()).isGreaterThanOrEqualTo(0.90);
            assertThat(results.subList(0, results.size() - 1))
                    .allSatisfy(r -> assertThat(r.validation().accuracy()).isLessThan(0.90));
            assertThat(results.size()).isLessThan(10);
            assertThat(stops)
                    .singleElement()
                    .satisfies(s -> assertThat(s.reason()).contains("reached 0.9"));
        }
    }

    @Test
    void stopAfterEpochGivesThePlannedRunsFirstEpochsScheduleIncluded() {
        TrainConfig planned = TrainConfig.recipe("fast").withValidation(0).withEvaluateEachEpoch(false);
        StateDict firstOfTwo;
        List<StateDict> uninterrupted = new ArrayList<>();
        try (DigitModel m = cpuRef.newModel(CPU)) {
            assertThat(m.newTrainer(planned).stopAfterEpoch(1).fit(small)).hasSize(1);
            firstOfTwo = m.stateDict();
        }
        try (DigitModel m = cpuRef.newModel(CPU)) {
            m.newTrainer(planned)
                    .addListener(TrainingListener.onEpoch(r -> uninterrupted.add(m.stateDict())))
                    .fit(small);
        }
        StateDict oneEpochRun;
        try (DigitModel m = cpuRef.newModel(CPU)) {
            m.newTrainer(planned.withEpochs(1)).fit(small);
            oneEpochRun = m.stateDict();
        }
        assertThat(maxDifference(firstOfTwo, uninterrupted.get(0))).isZero();
        assertThat(maxDifference(firstOfTwo, oneEpochRun))
                .as("a one-epoch plan has another schedule")
                .isPositive();
    }

    @Test
    void keepBestSavesTheModelOfTheBestEpoch(@TempDir Path dir) {
        Path best = dir.resolve("best.safetensors");
        List<StateDict> states = new ArrayList<>();
        List<EpochResult> results;
        try (DigitModel m = cpuRef.newModel(CPU)) {
            results = m.newTrainer(quick(4).withOptimizer(OptimizerConfig.adam(0.01)))
                    .keepBest(best, Metric.VAL_LOSS)
                    .addListener(TrainingListener.onEpoch(r -> states.add(m.stateDict())))
                    .fit(small);
        }
        int bestEpoch = 0;
        for (int i = 1; i < results.size(); i++) {
            if (results.get(i).validation().meanLoss()
                    < results.get(bestEpoch).validation().meanLoss()) {
                bestEpoch = i;
            }
        }
        try (DigitModel saved = cpuRef.loadModel(best, CPU)) {
            StateDict expected = states.get(bestEpoch);
            for (String name : expected.names()) {
                Tensor t = saved.stateDict().get(name);
                assertThat(t.data()).as(name).containsExactly(expected.get(name).data());
            }
            assertThat(saved.metadata()).containsEntry("epochs", Integer.toString(bestEpoch + 1));
        }
    }

    @Test
    void modelSelectionWithoutAValidationSplitIsRefusedNamingTheFix(@TempDir Path dir) {
        try (DigitModel m = cpuRef.newModel(CPU)) {
            assertThatThrownBy(() -> m.newTrainer(TrainConfig.defaults().withEpochs(1))
                            .stopEarly(EarlyStopping.atAccuracy(0.99))
                            .fit(small))
                    .isInstanceOf(Mnist4jException.class)
                    .hasMessageContaining("needs a validation split")
                    .satisfies(
                            e -> assertThat(((Mnist4jException) e).remedies()).containsKey(Setting.VALIDATION));
            assertThatThrownBy(() -> m.newTrainer(TrainConfig.defaults().withEpochs(1))
                            .keepBest(dir.resolve("b.safetensors"), Metric.VAL_ACCURACY)
                            .fit(small))
                    .hasMessageContaining("keeping the best model on val_accuracy needs a validation split");
            assertThatThrownBy(() -> m.newTrainer(TrainConfig.defaults().withValidation(3000))
                            .fit(small))
                    .isInstanceOf(Mnist4jException.class)
                    .hasMessageContaining("a validation split of 3000 images leaves nothing to train on");
        }
        assertThatThrownBy(() -> EarlyStopping.atAccuracy(1.5)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> TrainConfig.defaults().withValidation(-1)).hasMessageContaining(">= 0");
    }

    /**
     * The distorted batches come from the API, so every backend trains on the same pixels: three
     * augmented steps leave every trainable backend with cpu-ref's weights.
     */
    @Test
    void augmentedTrainingGivesTheSameWeightsInEveryBackend() {
        DataSet part = small.train().subset(0, 192);
        DataModule three = DataModules.of("three-batches", part, small.test().subset(0, 10));
        TrainConfig config = TrainConfig.defaults()
                .withEpochs(1)
                .withOptimizer(OptimizerConfig.sgd(0.05))
                .withAugmentation(Augmentation.randomAffine(12, 2, 0.9, 1.1, 10).withElastic(34, 4))
                .withEvaluateEachEpoch(false);
        StateDict reference;
        StateDict plain;
        try (DigitModel m = cpuRef.newModel(CPU)) {
            m.newTrainer(config).fit(three);
            reference = m.stateDict();
        }
        try (DigitModel m = cpuRef.newModel(CPU)) {
            m.newTrainer(config.withAugmentation(Augmentation.NONE)).fit(three);
            plain = m.stateDict();
        }
        assertThat(maxDifference(plain, reference))
                .as("augmentation changes training")
                .isGreaterThan(1e-4);
        for (BackendStatus status : Backends.list()) {
            Backend b = Backends.get(status.name());
            if (!status.available() || !b.can(Capability.TRAINING)) {
                continue;
            }
            try (DigitModel m = b.newModel(CPU)) {
                m.newTrainer(config).fit(three);
                assertThat(maxDifference(m.stateDict(), reference)).as(b.name()).isLessThan(2e-5);
            }
        }
    }

    private static double maxDifference(StateDict a, StateDict b) {
        double max = 0;
        for (String name : a.names()) {
            float[] x = a.get(name).data(), y = b.get(name).data();
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }
}
