package dev.mnist4j.tck;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnist4j.Backend;
import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import dev.mnist4j.core.DeviceUnavailableException;
import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.core.UnsupportedCapabilityException;
import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.internal.memory.MemoryUse;
import dev.mnist4j.internal.memory.SharedPredictorRun;
import dev.mnist4j.io.Checkpoints;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.predict.Predictor;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.ModelEngine;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.spi.Update;
import dev.mnist4j.train.BatchProgress;
import dev.mnist4j.train.Checkpoint;
import dev.mnist4j.train.EpochResult;
import dev.mnist4j.train.Evaluation;
import dev.mnist4j.train.LrSchedule;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.OptimizerState;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.Trainer;
import dev.mnist4j.train.TrainingDivergedException;
import dev.mnist4j.train.TrainingListener;
import dev.mnist4j.train.TrainingStoppedException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every backend proves by extending this class (the pattern of Micrometer's {@code
 * MeterRegistryCompatibilityKit}): the same CNN, the same numbers as real PyTorch, the same files,
 * the same errors. A backend is done when it passes all of it.
 *
 * <p>Every test that computes runs once on each device of {@link #devicesUnderTest()} (by default
 * every device the backend offers: the CPU and each CUDA device it sees). Tests of training are
 * skipped, with the reason, for a backend that does not declare {@link Capability#TRAINING}; such a
 * backend must instead refuse to train, naming the capability.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@API(status = EXPERIMENTAL)
public abstract class BackendConformanceKit {
    /** Compute threads of every model the kit opens. */
    protected static final int THREADS = 2;

    private GoldenFixture golden;
    private DataModule mnist;
    private Backend backend;
    private final List<DigitModel> opened = new ArrayList<>();

    /** A test that runs once on each device of {@link #devicesUnderTest()}. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "on {0}")
    @MethodSource("devicesUnderTest")
    protected @interface OnEachDevice {}

    /** The backend under test, as its jar provides it. */
    protected abstract BackendProvider provider();

    /** The devices to run each test on; by default every device the backend offers here. */
    protected List<Device> devicesUnderTest() {
        return backend().devices();
    }

    /**
     * How many predictions 16 threads sharing one predictor make: 100,000. A backend whose single
     * predictions are slow may make fewer here, and say where it made the full number (for example
     * with {@code mnist4j soak}).
     */
    protected int sharedPredictions() {
        return 100_000;
    }

    /** The backend under test as an application sees it. */
    protected final Backend backend() {
        if (backend == null) {
            backend = Backends.of(provider());
        }
        return backend;
    }

    @BeforeAll
    void loadFixtures() {
        golden = GoldenFixture.load();
        mnist = DataModules.mnist();
        mnist.prepare();
    }

    @AfterAll
    void closeModels() {
        opened.forEach(DigitModel::close);
    }

    private DigitModel model(StateDict state, Device device) {
        DigitModel m = backend().newModel(state, options(device));
        opened.add(m);
        return m;
    }

    private static ModelOptions options(Device device) {
        return ModelOptions.defaults().withDevice(device).withThreads(THREADS);
    }

    private void assumeTraining() {
        assumeTrue(
                backend().can(Capability.TRAINING),
                "backend '" + backend().name() + "' declares no TRAINING capability: training tests do not apply");
    }

    // ---- what the backend declares

    @Test
    void isAvailableAndOffersTheDevicesUnderTest() {
        assertThat(provider().availability().available())
                .as(provider().availability().reason())
                .isTrue();
        assertThat(backend().devices()).isNotEmpty().doesNotContain(Device.AUTO);
        assertThat(backend().devices()).containsAll(devicesUnderTest());
        assertThat(devicesUnderTest()).as("devices under test").isNotEmpty();
        assertThat(backend().capabilities()).contains(Capability.INFERENCE);
        if (backend().can(Capability.DETERMINISTIC_TRAINING)) {
            assertThat(backend().capabilities()).contains(Capability.TRAINING);
        }
    }

    // ---- one CNN

    @OnEachDevice
    void hasThePyTorchParameterNamesShapesAndCount(Device device) {
        StateDict s = model(PyTorchInit.initialState(1), device).stateDict();
        assertThat(new ArrayList<>(s.names()))
                .containsExactly(
                        "conv1.weight",
                        "conv1.bias",
                        "conv2.weight",
                        "conv2.bias",
                        "fc1.weight",
                        "fc1.bias",
                        "fc2.weight",
                        "fc2.bias");
        assertThat(s.get("conv1.weight").shape()).containsExactly(32, 1, 3, 3);
        assertThat(s.get("conv2.weight").shape()).containsExactly(64, 32, 3, 3);
        assertThat(s.get("fc1.weight").shape()).containsExactly(64, 1600);
        assertThat(s.get("fc2.weight").shape()).containsExactly(10, 64);
        assertThat(s.parameterCount()).isEqualTo(121_930);
        assertThat(MnistCnn.PARAMETER_COUNT).isEqualTo(121_930);
    }

    @OnEachDevice
    void theSameSeedGivesTheSameInitialWeightsAsTheSharedInitialiser(Device device) {
        DigitModel a = backend().newModel(options(device).withSeed(7));
        opened.add(a);
        assertThat(a.device()).isEqualTo(device);
        assertThat(a.stateDict()).isEqualTo(PyTorchInit.initialState(7));
        assertThat(a.stateDict()).isNotEqualTo(PyTorchInit.initialState(8));
    }

    @OnEachDevice
    void logitsEqualRealPyTorchForFixedWeights(Device device) {
        float[] logits = model(golden.weights(), device).logits(golden.input(), golden.count());
        assertThat(logits).containsExactly(golden.logits(), within(1e-4f));
    }

    @OnEachDevice
    void anEvaluationAgreesWithTheLogitsImageByImage(Device device) {
        DigitModel m = model(PyTorchInit.initialState(8), device); // untrained: many mistakes
        DataSet part = mnist.test().subset(0, 300);
        Evaluation e = m.evaluate(part);
        float[] logits = m.logits(part.slice(0, 300).images(), 300);
        List<Evaluation.Mistake> wrong = new ArrayList<>();
        double loss = 0;
        for (int i = 0; i < 300; i++) {
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int c = 0; c < 10; c++) {
                max = Math.max(max, logits[i * 10 + c]);
                best = logits[i * 10 + c] > logits[i * 10 + best] ? c : best;
            }
            for (int c = 0; c < 10; c++) {
                sum += Math.exp(logits[i * 10 + c] - max);
            }
            loss += max + Math.log(sum) - logits[i * 10 + part.label(i)];
            if (best != part.label(i)) {
                wrong.add(new Evaluation.Mistake(i, part.label(i), best));
            }
        }
        assertThat(e.count()).isEqualTo(300);
        assertThat(e.accuracy()).isEqualTo((300 - wrong.size()) / 300.0);
        assertThat(e.meanLoss()).isCloseTo(loss / 300, within(1e-5));
        assertThat(e.mistakes())
                .as("the first %d mistakes, in order", Evaluation.MISTAKES_KEPT)
                .isEqualTo(wrong.subList(0, Math.min(wrong.size(), Evaluation.MISTAKES_KEPT)));
        int diagonal = 0;
        for (int c = 0; c < 10; c++) {
            diagonal += e.confusion()[c][c];
        }
        assertThat(diagonal).isEqualTo(300 - wrong.size());
    }

    @OnEachDevice
    void logitsEqualTheIndependentReferenceOnTestImages(Device device) {
        StateDict weights = PyTorchInit.initialState(3);
        Batch batch = mnist.test().slice(0, 300);
        float[] logits = model(weights, device).logits(batch.images(), batch.count());
        for (int i = 0; i < batch.count(); i++) {
            double[] ref = ReferenceCnn.logits(weights, batch.images(), i);
            for (int c = 0; c < 10; c++) {
                assertThat((double) logits[i * 10 + c])
                        .as("image %d class %d", i, c)
                        .isCloseTo(ref[c], within(1e-4));
            }
        }
    }

    // ---- training: gradients and optimizers against real PyTorch

    @OnEachDevice
    void aTrainingStepGivesPyTorchsLossLogitsAndGradients(Device device) {
        assumeTraining();
        try (ModelEngine engine = provider().open(golden.weights(), device, THREADS);
                TrainingEngine training = engine.newTrainingEngine()) {
            float[] logits = new float[golden.count() * 10];
            float loss = training.forwardBackward(golden.batch(), logits);
            assertThat(loss).isCloseTo(golden.loss(), within(1e-5f));
            assertThat(logits).containsExactly(golden.logits(), within(1e-4f));
            StateDict grads = training.gradients();
            StateDict expected = golden.state("grad.");
            assertThat(grads.names()).containsExactlyElementsOf(expected.names());
            for (String name : expected.names()) {
                assertThat(grads.get(name).shape())
                        .as(name)
                        .containsExactly(expected.get(name).shape());
                assertThat(grads.get(name).data())
                        .as("gradient of %s", name)
                        .containsExactly(expected.get(name).data(), within(1e-6f));
            }
        }
    }

    @OnEachDevice
    void twoSgdStepsMatchPyTorch(Device device) {
        assertTwoStepsMatch(device, OptimizerConfig.sgd(0.01), "after2_sgd.");
    }

    @OnEachDevice
    void twoMomentumStepsMatchPyTorch(Device device) {
        assertTwoStepsMatch(device, OptimizerConfig.momentum(0.01, 0.9), "after2_sgd_momentum.");
    }

    @OnEachDevice
    void twoAdamStepsMatchPyTorch(Device device) {
        assertTwoStepsMatch(device, OptimizerConfig.adam(1e-3), "after2_adam.");
    }

    @OnEachDevice
    void twoMomentumStepsWithWeightDecayMatchPyTorch(Device device) {
        assertTwoStepsMatch(
                device, OptimizerConfig.momentum(0.01, 0.9).withWeightDecay(0.5), "after2_sgd_momentum_wd.");
    }

    @OnEachDevice
    void twoAdamWStepsMatchPyTorch(Device device) {
        assertTwoStepsMatch(device, OptimizerConfig.adamW(1e-3, 0.5), "after2_adamw.");
    }

    /**
     * Two optimizer steps through the user's trainer (two epochs over PyTorch's 16 images in one
     * batch), then each tensor's change compared with PyTorch's change, relative to that change's
     * size: most parameters move by far less than an absolute tolerance would notice.
     */
    private void assertTwoStepsMatch(Device device, OptimizerConfig optimizer, String prefix) {
        assumeTraining();
        DataSet sixteen = mnist.test().subset(0, golden.count());
        assertThat(sixteen.slice(0, golden.count()).images()).containsExactly(golden.input());
        DigitModel m = model(golden.weights(), device);
        TrainConfig config = TrainConfig.defaults()
                .withEpochs(2)
                .withBatchSize(golden.count())
                .withOptimizer(optimizer)
                .withEvaluateEachEpoch(false);
        m.newTrainer(config).fit(DataModules.of("pytorch-golden", sixteen, sixteen));
        StateDict before = golden.weights();
        StateDict expected = golden.state(prefix);
        StateDict actual = m.stateDict();
        for (String name : expected.names()) {
            float[] b = before.get(name).data();
            float[] e = expected.get(name).data();
            float[] a = actual.get(name).data();
            double largest = 0;
            double worst = 0;
            for (int i = 0; i < e.length; i++) {
                double pytorchChange = (double) e[i] - b[i];
                largest = Math.max(largest, Math.abs(pytorchChange));
                worst = Math.max(worst, Math.abs(((double) a[i] - b[i]) - pytorchChange));
            }
            assertThat(largest)
                    .as("%s moves in PyTorch's two %s steps", name, optimizer)
                    .isGreaterThan(0);
            assertThat(worst / largest)
                    .as(
                            "%s: largest error of the change after two %s steps, relative to PyTorch's largest change",
                            name, optimizer)
                    .isLessThan(2e-3);
        }
    }

    @OnEachDevice
    void optimizerSlotsAreSetReadAndClearedAlike(Device device) {
        assumeTraining();
        try (ModelEngine engine = provider().open(golden.weights(), device, THREADS);
                TrainingEngine training = engine.newTrainingEngine()) {
            StateDict zeros = scaled(golden.weights(), 0f); // +0.0 everywhere, as a fresh buffer holds
            assertThat(training.slot(OptimizerState.EXP_AVG))
                    .as("a slot never written")
                    .isEqualTo(zeros);
            training.forwardBackward(golden.batch(), new float[golden.count() * 10]);
            training.update(new Update.Adam(0.9f, 0.999f, 1e-8f, 1e-3f / 0.1f, (float) Math.sqrt(0.001)));
            StateDict m = training.slot(OptimizerState.EXP_AVG);
            StateDict grads = golden.state("grad.");
            for (String name : m.names()) { // m = (1 − β1)·g after one step from zeros
                assertThat(m.get(name).data())
                        .as("exp_avg of %s after one step", name)
                        .containsExactly(scaled(grads, 0.1f).get(name).data(), within(1e-6f));
            }
            training.setSlot(OptimizerState.EXP_AVG, null);
            assertThat(training.slot(OptimizerState.EXP_AVG))
                    .as("a cleared slot")
                    .isEqualTo(zeros);
            StateDict given = scaled(golden.weights(), 0.5f);
            training.setSlot(OptimizerState.MOMENTUM_BUFFER, given);
            assertThat(training.slot(OptimizerState.MOMENTUM_BUFFER))
                    .as("a slot set")
                    .isEqualTo(given);
        }
    }

    private static StateDict scaled(StateDict s, float factor) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        s.tensors().forEach((name, t) -> {
            float[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = factor == 0f ? 0f : d[i] * factor;
            }
            out.put(name, new Tensor(t.shape(), d));
        });
        return StateDict.of(out);
    }

    // ---- training: the user's loop, files, resuming

    @OnEachDevice
    void saveThenLoadGivesIdenticalPredictions(Device device, @TempDir Path dir) {
        DigitModel trained = model(golden.weights(), device);
        if (backend().can(Capability.TRAINING)) {
            DataModule tiny = DataModules.of(
                    "tiny", mnist.train().subset(0, 64), mnist.test().subset(0, 10));
            trained.newTrainer(TrainConfig.defaults()
                            .withEpochs(1)
                            .withOptimizer(OptimizerConfig.momentum(0.01, 0.9))
                            .withEvaluateEachEpoch(false))
                    .fit(tiny);
        }
        Path file = dir.resolve("model.safetensors");
        trained.save(file);
        assertThat(ModelFiles.load(file).metadata())
                .containsEntry(ModelFiles.BACKEND, backend().name());

        DigitModel loaded = model(PyTorchInit.initialState(99), device);
        loaded.loadStateDict(ModelFiles.load(file).state());
        DigitModel opened = backend().loadModel(file, options(device));
        this.opened.add(opened);
        Batch batch = mnist.test().slice(0, 200);
        float[] expected = trained.logits(batch.images(), batch.count());
        assertThat(loaded.logits(batch.images(), batch.count())).containsExactly(expected);
        assertThat(opened.logits(batch.images(), batch.count())).containsExactly(expected);
    }

    @OnEachDevice
    void aShortTrainingRunLearnsAndRecordsItsProvenance(Device device) {
        assumeTraining();
        DataModule small = DataModules.of(
                "small", mnist.train().subset(0, 4000), mnist.test().subset(0, 1000));
        TrainConfig config = TrainConfig.defaults()
                .withEpochs(2)
                .withOptimizer(OptimizerConfig.momentum(0.01, 0.9))
                .withSeed(5);
        DigitModel m = model(PyTorchInit.initialState(5), device);
        List<EpochResult> results = m.newTrainer(config).fit(small);
        assertThat(results).hasSize(2);
        assertThat(results.get(1).loss()).isLessThan(results.get(0).loss());
        Evaluation eval = results.get(1).test();
        assertThat(eval.accuracy()).as("test accuracy after 2 short epochs").isGreaterThan(0.80);
        assertThat(eval.count()).isEqualTo(1000);
        assertThat(m.evaluate(small.test())).isEqualTo(eval);
        assertThat(m.metadata())
                .containsEntry(ModelFiles.BACKEND, backend().name())
                .containsEntry(ModelFiles.EPOCHS, "2")
                .containsEntry(ModelFiles.SEED, "5")
                .hasEntrySatisfying(
                        ModelFiles.TRAINED_AT,
                        at -> assertThat(java.time.Instant.parse(at))
                                .isBetween(java.time.Instant.now().minusSeconds(600), java.time.Instant.now()))
                .containsEntry(ModelFiles.OPTIMIZER, config.optimizer().toString())
                .containsEntry(ModelFiles.DATA_SHA256, small.train().sha256())
                .containsEntry(ModelFiles.NORMALIZATION, small.normalization().toString());
    }

    @OnEachDevice
    void aDivergingRunStopsWithAClearErrorInsteadOfTrainingOnNaN(Device device) {
        assumeTraining();
        DataModule small = DataModules.of(
                "tiny", mnist.train().subset(0, 640), mnist.test().subset(0, 100));
        TrainConfig config = TrainConfig.defaults().withEpochs(3).withOptimizer(OptimizerConfig.sgd(1e6));
        DigitModel m = model(PyTorchInit.initialState(1), device);
        assertThatThrownBy(() -> m.newTrainer(config).fit(small))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("loss became")
                .hasMessageContaining("lower the learning rate");
    }

    @OnEachDevice
    void aResumedRunEndsWhereAnUninterruptedOneEndsItsScheduleToo(Device device, @TempDir Path dir) {
        assumeTraining();
        DataModule small = DataModules.of(
                "small", mnist.train().subset(0, 616), mnist.test().subset(0, 100));
        // 10 batches an epoch, the last one of 40: one cycle over both epochs, and a rate halved after each epoch
        Map<OptimizerConfig, LrSchedule> runs = new LinkedHashMap<>();
        runs.put(
                OptimizerConfig.momentum(0.01, 0.9),
                LrSchedule.OneCycleLR.of(0.05).withTotalSteps(20));
        runs.put(OptimizerConfig.adam(1e-3), new LrSchedule.StepLR(1, 0.5));
        for (OptimizerConfig optimizer : runs.keySet()) {
            TrainConfig two = TrainConfig.defaults()
                    .withEpochs(2)
                    .withOptimizer(optimizer)
                    .withSchedule(runs.get(optimizer))
                    .withSeed(9)
                    .withEvaluateEachEpoch(false);
            DigitModel straight = model(PyTorchInit.initialState(9), device);
            List<EpochResult> uninterrupted = straight.newTrainer(two).fit(small);

            Path file = dir.resolve(optimizer.kind() + "-checkpoint.safetensors");
            DigitModel first = model(PyTorchInit.initialState(9), device);
            first.newTrainer(two.withEpochs(1)).checkpointTo(file).fit(small);
            Checkpoint cp = Checkpoints.load(file);
            assertThat(cp.epochsDone()).isEqualTo(1);
            DigitModel resumed = model(PyTorchInit.initialState(1), device);
            List<EpochResult> rest = resumed.newTrainer(two).resume(small, cp);

            assertThat(rest).hasSize(1);
            assertThat(rest.get(0).epoch()).isEqualTo(2);
            assertThat(rest.get(0).loss())
                    .as("%s: epoch 2 loss", optimizer)
                    .isCloseTo(uninterrupted.get(1).loss(), within(1e-4));
            StateDict a = straight.stateDict();
            StateDict b = resumed.stateDict();
            if (backend().can(Capability.DETERMINISTIC_TRAINING)) {
                assertThat(b)
                        .as("%s: a deterministic backend resumes bit for bit", optimizer)
                        .isEqualTo(a);
                assertThat(rest.get(0).loss()).isEqualTo(uninterrupted.get(1).loss());
            }
            for (String name : a.names()) {
                assertThat(b.get(name).data())
                        .as("%s: %s", optimizer, name)
                        .containsExactly(a.get(name).data(), within(1e-4f));
            }
        }
    }

    @OnEachDevice
    void aRunStoppedWithinAnEpochResumesFromItsCheckpointToTheUninterruptedEnd(Device device, @TempDir Path dir) {
        assumeTraining();
        DataModule small = DataModules.of(
                "small", mnist.train().subset(0, 640), mnist.test().subset(0, 100));
        TrainConfig two = TrainConfig.defaults()
                .withEpochs(2)
                .withOptimizer(OptimizerConfig.adam(1e-3))
                .withSeed(4)
                .withEvaluateEachEpoch(false);
        DigitModel straight = model(PyTorchInit.initialState(4), device);
        List<EpochResult> uninterrupted = straight.newTrainer(two).fit(small);

        Path file = dir.resolve("stopped-checkpoint.safetensors");
        DigitModel first = model(PyTorchInit.initialState(4), device);
        Trainer trainer = first.newTrainer(two).checkpointTo(file);
        trainer.addListener(new TrainingListener() {
            @Override
            public void onBatch(BatchProgress p) {
                if (p.epoch() == 1 && p.batch() == 7) {
                    trainer.requestStop(); // as a Ctrl-C handler would, from its own thread
                }
            }
        });
        TrainingStoppedException stopped =
                catchThrowableOfType(() -> trainer.fit(small), TrainingStoppedException.class);
        assertThat(stopped).as("fit ends with TrainingStoppedException").isNotNull();
        assertThat(stopped.getMessage()).contains("epoch 1, after batch 7").contains(file.toString());
        assertThat(stopped.file()).contains(file);
        Checkpoint cp = Checkpoints.load(file);
        assertThat(cp.epochsDone()).isZero();
        assertThat(cp.inEpoch().batches()).isEqualTo(7);
        assertThat(cp.inEpoch().seen()).isEqualTo(7 * 64);
        assertThat(cp.model()).isEqualTo(stopped.checkpoint().model());

        DigitModel resumed = model(PyTorchInit.initialState(1), device);
        List<EpochResult> rest = resumed.newTrainer(two).resume(small, cp);
        assertThat(rest).extracting(EpochResult::epoch).containsExactly(1, 2);
        for (int e = 0; e < 2; e++) {
            assertThat(rest.get(e).loss())
                    .as("epoch %d's loss, counted across the stop", e + 1)
                    .isCloseTo(uninterrupted.get(e).loss(), within(1e-4));
            assertThat(rest.get(e).accuracy()).isCloseTo(uninterrupted.get(e).accuracy(), within(1e-9));
        }
        StateDict a = straight.stateDict();
        StateDict b = resumed.stateDict();
        if (backend().can(Capability.DETERMINISTIC_TRAINING)) {
            assertThat(b).as("a deterministic backend resumes bit for bit").isEqualTo(a);
        }
        for (String name : a.names()) {
            assertThat(b.get(name).data()).as(name).containsExactly(a.get(name).data(), within(1e-4f));
        }
    }

    @OnEachDevice
    void aCheckpointOfAnotherOptimizerIsRefused(Device device, @TempDir Path dir) {
        assumeTraining();
        DataModule tiny = DataModules.of(
                "tiny", mnist.train().subset(0, 128), mnist.test().subset(0, 10));
        TrainConfig momentum = TrainConfig.defaults()
                .withEpochs(1)
                .withOptimizer(OptimizerConfig.momentum(0.01, 0.9))
                .withEvaluateEachEpoch(false);
        Path file = dir.resolve("cp.safetensors");
        model(PyTorchInit.initialState(1), device)
                .newTrainer(momentum)
                .checkpointTo(file)
                .fit(tiny);
        Checkpoint cp = Checkpoints.load(file);
        TrainConfig adam = momentum.withEpochs(2).withOptimizer(OptimizerConfig.adam(1e-3));
        assertThatThrownBy(() -> model(cp.model(), device).newTrainer(adam).resume(tiny, cp))
                .isInstanceOf(Mnist4jException.class)
                .hasMessageContaining("state of optimizer 'momentum', but 'adam' is configured");
    }

    @OnEachDevice
    void anInferenceOnlyBackendRefusesToTrainNamingTheCapability(Device device) {
        assumeFalse(
                backend().can(Capability.TRAINING),
                "backend '" + backend().name() + "' trains: the refusal of an inference-only backend does not apply");
        DigitModel m = model(PyTorchInit.initialState(1), device);
        assertThatThrownBy(() -> m.newTrainer(TrainConfig.defaults()))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("TRAINING")
                .hasMessageContaining(backend().name());
    }

    // ---- devices

    @OnEachDevice
    void autoPicksAnOfferedDeviceAndEachOfferedDeviceCanBeNamed(Device device) {
        DigitModel auto = backend().newModel(options(Device.AUTO));
        opened.add(auto);
        assertThat(backend().devices()).contains(auto.device());
        if (backend().devices().stream().anyMatch(d -> d.kind() == Device.Kind.CUDA)) {
            assertThat(auto.device().kind()).as("auto prefers a GPU").isEqualTo(Device.Kind.CUDA);
        }
        assertThat(model(PyTorchInit.initialState(1), device).device()).isEqualTo(device);
    }

    @Test
    void aDeviceThatIsNotThereIsAClearError() {
        assertThatThrownBy(() -> backend().newModel(options(Device.cuda(99))))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("cuda:99")
                .hasMessageContaining(backend().name());
        if (backend().devices().stream().noneMatch(d -> d.kind() == Device.Kind.CUDA)) {
            assertThatThrownBy(() -> backend().newModel(options(Device.parse("cuda"))))
                    .isInstanceOf(DeviceUnavailableException.class)
                    .hasMessageContaining("no CUDA device");
        }
        if (!backend().devices().contains(Device.CPU)) {
            assertThatThrownBy(() -> backend().newModel(options(Device.CPU)))
                    .isInstanceOf(DeviceUnavailableException.class)
                    .hasMessageContaining("cannot use device cpu");
        }
    }

    // ---- bad input

    @OnEachDevice
    void aStateOfTheWrongShapeIsRefusedAndChangesNothing(Device device) {
        DigitModel m = model(PyTorchInit.initialState(4), device);
        StateDict before = m.stateDict();
        Map<String, Tensor> bad =
                new LinkedHashMap<>(PyTorchInit.initialState(5).tensors());
        bad.put("fc1.weight", new Tensor(new int[] {1600, 64}, new float[1600 * 64]));
        assertThatThrownBy(() -> m.loadStateDict(StateDict.of(bad)))
                .isInstanceOf(Mnist4jException.class)
                .hasMessageContaining("fc1.weight")
                .hasMessageContaining("[1600, 64]")
                .hasMessageContaining("[64, 1600]");
        assertThat(m.stateDict()).isEqualTo(before);
        assertThatThrownBy(() -> backend().newModel(StateDict.of(bad), options(device)))
                .isInstanceOf(Mnist4jException.class)
                .hasMessageContaining("fc1.weight");
    }

    @OnEachDevice
    void unknownMissingAndNonFiniteTensorsAreRefused(Device device) {
        DigitModel m = model(PyTorchInit.initialState(4), device);
        Map<String, Tensor> extra =
                new LinkedHashMap<>(PyTorchInit.initialState(5).tensors());
        extra.put("fc3.weight", new Tensor(new int[] {1}, new float[1]));
        assertThatThrownBy(() -> m.loadStateDict(StateDict.of(extra)))
                .hasMessageContaining("unexpected tensor 'fc3.weight'");
        Map<String, Tensor> missing =
                new LinkedHashMap<>(PyTorchInit.initialState(5).tensors());
        missing.remove("conv2.bias");
        assertThatThrownBy(() -> m.loadStateDict(StateDict.of(missing)))
                .hasMessageContaining("missing tensor 'conv2.bias'");
        Map<String, Tensor> nan =
                new LinkedHashMap<>(PyTorchInit.initialState(5).tensors());
        float[] d = new float[10];
        d[3] = Float.NaN;
        nan.put("fc2.bias", new Tensor(new int[] {10}, d));
        assertThatThrownBy(() -> m.loadStateDict(StateDict.of(nan)))
                .hasMessageContaining("fc2.bias")
                .hasMessageContaining("non-finite");
        assertThat(m.stateDict()).isEqualTo(PyTorchInit.initialState(4));
    }

    @OnEachDevice
    void logitsOfTheWrongInputLengthAreRefused(Device device) {
        DigitModel m = model(PyTorchInit.initialState(4), device);
        assertThatThrownBy(() -> m.logits(new float[700], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("784");
    }

    @OnEachDevice
    void aClosedModelRefusesEveryCall(Device device) {
        DigitModel m = backend().newModel(options(device));
        m.close();
        m.close(); // closing twice is harmless
        assertThatThrownBy(() -> m.logits(new float[784], 1))
                .isInstanceOf(Mnist4jException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(m::stateDict).isInstanceOf(Mnist4jException.class).hasMessageContaining("closed");
    }

    // ---- prediction

    @OnEachDevice
    void thePredictorIsThreadSafeAndAgreesWithTheLogits(Device device) throws Exception {
        DigitModel m = model(golden.weights(), device);
        Predictor predictor = m.newPredictor();
        DataSet test = mnist.test();
        List<int[]> images = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            images.add(test.rawImage(i));
        }
        List<Prediction> sequential = predictor.predictAll(images);
        Batch batch = test.slice(0, 64);
        float[] logits = m.logits(batch.images(), 64);
        for (int i = 0; i < 64; i++) {
            assertThat(sequential.get(i).digit()).isEqualTo(argmax(logits, i));
            float sum = 0;
            for (float p : sequential.get(i).probabilities()) {
                sum += p;
            }
            assertThat(sum).isCloseTo(1f, within(1e-5f));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Prediction>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int[] image : images) {
                    futures.add(pool.submit(() -> predictor.predict(image)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                Prediction p = futures.get(i).get();
                // One image at a time may take other kernels than a batch: equal to float rounding.
                assertThat(p.digit()).isEqualTo(sequential.get(i % 64).digit());
                assertThat(p.probabilities())
                        .containsExactly(sequential.get(i % 64).probabilities(), within(1e-5f));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * 16 threads sharing one predictor make {@link #sharedPredictions()}, each exactly what one thread alone
     * answers for that image. The heap in use (after a collection) and the resident memory outside
     * the heap are printed after a warm-up, half way and at the end; {@code mnist4j soak} judges
     * them, over rounds that see past the JVM's and the allocators' swings.
     */
    @OnEachDevice
    void aPredictorSharedBySixteenThreadsAnswersAsOneThreadDoes(Device device) throws Exception {
        int count = sharedPredictions();
        DigitModel m = model(golden.weights(), device);
        Predictor predictor = m.newPredictor();
        List<int[]> images = rawImages(1000);
        List<Prediction> alone = images.stream().map(predictor::predict).toList();
        try (SharedPredictorRun run = new SharedPredictorRun(predictor, images, 16)) {
            // the warm-up: per-thread buffers and workspaces, compiled code, allocator arenas
            assertThat(run.predict(Math.max(count / 5, 2_000), (i, p) -> p.equals(alone.get(i))))
                    .isZero();
            MemoryUse before = MemoryUse.now();
            long wrong = run.predict(count / 2, (i, p) -> p.equals(alone.get(i)));
            MemoryUse middle = MemoryUse.now();
            wrong += run.predict(count - count / 2, (i, p) -> p.equals(alone.get(i)));
            MemoryUse after = MemoryUse.now();
            System.out.printf(
                    Locale.ROOT,
                    "%s on %s: %,d predictions on 16 threads; heap in use %.1f, %.1f, %.1f MB; resident outside the heap"
                            + " %.1f, %.1f, %.1f MB (after the warm-up, half way, at the end)%n",
                    backend().name(),
                    device,
                    count,
                    before.heapBytes() / 1e6,
                    middle.heapBytes() / 1e6,
                    after.heapBytes() / 1e6,
                    before.offHeapBytes() / 1e6,
                    middle.offHeapBytes() / 1e6,
                    after.offHeapBytes() / 1e6);
            assertThat(wrong).as("predictions that differ from one thread's").isZero();
        }
    }

    @OnEachDevice
    void predictionsWhileTheStateIsReplacedUseTheOldOrTheNewWeightsNeverAMix(Device device) throws Exception {
        StateDict a = golden.weights();
        StateDict b = PyTorchInit.initialState(7);
        DigitModel m = model(b, device);
        Predictor predictor = m.newPredictor();
        List<int[]> images = rawImages(100);
        List<Prediction> underB = images.stream().map(predictor::predict).toList();
        m.loadStateDict(a);
        List<Prediction> underA = images.stream().map(predictor::predict).toList();
        for (int i = 0; i < images.size(); i++) {
            assertThat(underA.get(i))
                    .as("image %d tells the two states apart", i)
                    .isNotEqualTo(underB.get(i));
        }
        AtomicInteger sawA = new AtomicInteger();
        AtomicInteger sawB = new AtomicInteger();
        AtomicBoolean predicting = new AtomicBoolean(true);
        Thread swapper = new Thread(() -> {
            for (int swap = 0; predicting.get(); swap++) {
                m.loadStateDict(swap % 2 == 0 ? b : a);
            }
        });
        swapper.start();
        long mixed;
        try (SharedPredictorRun run = new SharedPredictorRun(predictor, images, 4)) {
            mixed = run.predict(4_000, (i, p) -> {
                if (p.equals(underA.get(i))) {
                    sawA.incrementAndGet();
                    return true;
                }
                if (p.equals(underB.get(i))) {
                    sawB.incrementAndGet();
                    return true;
                }
                return false;
            });
        } finally {
            predicting.set(false);
            swapper.join();
        }
        assertThat(mixed)
                .as("predictions from neither the old weights nor the new")
                .isZero();
        assertThat(sawA.get()).as("predictions under the first state").isPositive();
        assertThat(sawB.get()).as("predictions under the second state").isPositive();
    }

    @OnEachDevice
    void closingAModelWhileThreadsPredictIsAClearErrorForThem(Device device) throws Exception {
        DigitModel m = model(golden.weights(), device);
        Predictor predictor = m.newPredictor();
        int[] image = mnist.test().rawImage(0);
        Prediction expected = predictor.predict(image);
        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RuntimeException>> ends = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                ends.add(pool.submit(() -> {
                    while (true) {
                        try {
                            assertThat(predictor.predict(image)).isEqualTo(expected);
                            made.incrementAndGet();
                        } catch (RuntimeException e) {
                            return e;
                        }
                    }
                }));
            }
            while (made.get() < 200) {
                Thread.onSpinWait();
            }
            m.close();
            for (Future<RuntimeException> end : ends) {
                assertThat(end.get(60, TimeUnit.SECONDS))
                        .isInstanceOf(Mnist4jException.class)
                        .hasMessageContaining("closed");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<int[]> rawImages(int count) {
        List<int[]> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            images.add(mnist.test().rawImage(i));
        }
        return images;
    }

    private static int argmax(float[] logits, int row) {
        int best = 0;
        for (int c = 1; c < 10; c++) {
            if (logits[row * 10 + c] > logits[row * 10 + best]) {
                best = c;
            }
        }
        return best;
    }
}
