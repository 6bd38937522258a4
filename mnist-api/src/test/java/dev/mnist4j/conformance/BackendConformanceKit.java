package dev.mnist4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mnist4j.Device;
import dev.mnist4j.DeviceUnavailableException;
import dev.mnist4j.Mnist4jException;
import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataModules;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.data.Normalization;
import dev.mnist4j.io.Checkpoints;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.predict.Predictor;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.Checkpoint;
import dev.mnist4j.train.EpochResult;
import dev.mnist4j.train.Evaluation;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every backend proves by extending this class (the pattern of SLF4J's
 * {@code MDCAdapterTestBase}): the same CNN, the same numbers as real PyTorch, the same files,
 * the same errors. A backend is done when it passes all of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceKit {
    protected static final int THREADS = 2;

    private GoldenFixture golden;
    private DataModule mnist;
    private final List<DigitModel> opened = new ArrayList<>();

    /** The backend under test. */
    protected abstract BackendProvider provider();

    @BeforeAll
    void loadFixtures() {
        golden = GoldenFixture.load();
        mnist = DataModules.mnist(DataOptions.defaults());
        mnist.prepare();
    }

    @AfterAll
    void closeModels() {
        opened.forEach(DigitModel::close);
    }

    private DigitModel model(StateDict state) {
        DigitModel m = provider().newModel(state, Device.CPU, THREADS);
        opened.add(m);
        return m;
    }

    @Test
    void isAvailableAndOffersTheCpu() {
        assertThat(provider().availability().available()).as(provider().availability().reason()).isTrue();
        assertThat(provider().devices()).first().isEqualTo(Device.CPU);
    }

    @Test
    void hasThePyTorchParameterNamesShapesAndCount() {
        StateDict s = model(PyTorchInit.initialState(1)).stateDict();
        assertThat(new ArrayList<>(s.names())).containsExactly("conv1.weight", "conv1.bias", "conv2.weight",
                "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
        assertThat(s.get("conv1.weight").shape()).containsExactly(32, 1, 3, 3);
        assertThat(s.get("conv2.weight").shape()).containsExactly(64, 32, 3, 3);
        assertThat(s.get("fc1.weight").shape()).containsExactly(64, 1600);
        assertThat(s.get("fc2.weight").shape()).containsExactly(10, 64);
        assertThat(s.parameterCount()).isEqualTo(121_930);
    }

    @Test
    void theSameSeedGivesTheSameInitialWeightsAsTheSharedInitialiser() {
        DigitModel a = provider().newModel(7, Device.CPU, THREADS);
        opened.add(a);
        assertThat(a.stateDict()).isEqualTo(PyTorchInit.initialState(7));
        assertThat(a.stateDict()).isNotEqualTo(PyTorchInit.initialState(8));
    }

    @Test
    void logitsEqualRealPyTorchForFixedWeights() {
        float[] logits = model(golden.weights()).logits(golden.input(), golden.count());
        float[] expected = golden.logits();
        for (int i = 0; i < expected.length; i++) {
            assertThat(logits[i]).as("logit %d", i).isCloseTo(expected[i], within(1e-4f));
        }
    }

    @Test
    void logitsEqualTheIndependentReferenceOnTestImages() {
        StateDict weights = PyTorchInit.initialState(3);
        DataSet test = mnist.test();
        Batch batch = test.slice(0, 300);
        float[] logits = model(weights).logits(batch.images(), batch.count());
        for (int i = 0; i < batch.count(); i++) {
            double[] ref = ReferenceCnn.logits(weights, batch.images(), i);
            for (int c = 0; c < 10; c++) {
                assertThat((double) logits[i * 10 + c]).as("image %d class %d", i, c).isCloseTo(ref[c], within(1e-4));
            }
        }
    }

    @Test
    void aTrainingStepReportsPyTorchsLossAndLogits() {
        DigitModel m = model(golden.weights());
        float[] logits = new float[golden.count() * 10];
        try (TrainingEngine engine = provider().trainingEngine(m, OptimizerConfig.sgd(0.01))) {
            float loss = engine.step(golden.batch(), logits);
            assertThat(loss).isCloseTo(golden.loss(), within(1e-5f));
        }
        float[] expected = golden.logits();
        for (int i = 0; i < expected.length; i++) {
            assertThat(logits[i]).isCloseTo(expected[i], within(1e-4f));
        }
    }

    @Test
    void twoSgdStepsMatchPyTorch() {
        assertTwoStepsMatch(OptimizerConfig.sgd(0.01), "after2_sgd.", 1e-5f);
    }

    @Test
    void twoMomentumStepsMatchPyTorch() {
        assertTwoStepsMatch(OptimizerConfig.momentum(0.01, 0.9), "after2_sgd_momentum.", 1e-5f);
    }

    @Test
    void twoAdamStepsMatchPyTorch() {
        assertTwoStepsMatch(OptimizerConfig.adam(1e-3), "after2_adam.", 1e-4f);
    }

    private void assertTwoStepsMatch(OptimizerConfig optimizer, String prefix, float tolerance) {
        DigitModel m = model(golden.weights());
        float[] logits = new float[golden.count() * 10];
        try (TrainingEngine engine = provider().trainingEngine(m, optimizer)) {
            engine.step(golden.batch(), logits);
            engine.step(golden.batch(), logits);
        }
        StateDict expected = golden.state(prefix);
        StateDict actual = m.stateDict();
        for (String name : expected.names()) {
            float[] e = expected.get(name).data();
            float[] a = actual.get(name).data();
            for (int i = 0; i < e.length; i++) {
                assertThat(a[i]).as("%s[%d] after two %s steps", name, i, optimizer).isCloseTo(e[i], within(tolerance));
            }
        }
    }

    @Test
    void saveThenLoadGivesIdenticalPredictions(@TempDir Path dir) {
        DigitModel trained = model(golden.weights());
        try (TrainingEngine engine = provider().trainingEngine(trained, OptimizerConfig.momentum(0.01, 0.9))) {
            engine.step(golden.batch(), new float[golden.count() * 10]);
        }
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(file, trained.stateDict(), Map.of(ModelFiles.BACKEND, provider().name()));
        ModelFiles.SavedModel saved = ModelFiles.load(file);
        assertThat(saved.metadata()).containsEntry(ModelFiles.BACKEND, provider().name());

        DigitModel loaded = model(PyTorchInit.initialState(99));
        loaded.loadStateDict(saved.state());
        Batch batch = mnist.test().slice(0, 200);
        assertThat(loaded.logits(batch.images(), batch.count()))
                .containsExactly(trained.logits(batch.images(), batch.count()));
    }

    @Test
    void aShortTrainingRunLearns() {
        DataSet train = mnist.train().subset(0, 4000);
        DataSet test = mnist.test().subset(0, 1000);
        DataModule small = DataModules.of("small", train, test);
        TrainConfig config = TrainConfig.defaults().withEpochs(2).withThreads(THREADS).withDevice(Device.CPU)
                .withOptimizer(OptimizerConfig.momentum(0.01, 0.9)).withSeed(5);
        DigitModel m = model(PyTorchInit.initialState(config.seed()));
        List<EpochResult> results = provider().trainer(config).fit(m, small);
        assertThat(results).hasSize(2);
        assertThat(results.get(1).loss()).isLessThan(results.get(0).loss());
        Evaluation eval = results.get(1).test();
        assertThat(eval.accuracy()).as("test accuracy after 2 short epochs").isGreaterThan(0.80);
        assertThat(eval.count()).isEqualTo(1000);
    }

    @Test
    void aDivergingRunStopsWithAClearErrorInsteadOfTrainingOnNaN() {
        DataModule small = DataModules.of("tiny", mnist.train().subset(0, 640), mnist.test().subset(0, 100));
        TrainConfig config = TrainConfig.defaults().withEpochs(3).withThreads(THREADS).withDevice(Device.CPU)
                .withOptimizer(OptimizerConfig.sgd(1e6));
        DigitModel m = model(PyTorchInit.initialState(1));
        assertThatThrownBy(() -> provider().trainer(config).fit(m, small))
                .isInstanceOf(dev.mnist4j.train.TrainingDivergedException.class)
                .hasMessageContaining("loss became").hasMessageContaining("lower the learning rate");
    }

    @Test
    void aResumedRunEndsWhereAnUninterruptedOneEnds(@TempDir Path dir) {
        DataModule small = DataModules.of("small", mnist.train().subset(0, 1000), mnist.test().subset(0, 100));
        for (OptimizerConfig optimizer : List.of(OptimizerConfig.momentum(0.01, 0.9), OptimizerConfig.adam(1e-3))) {
            TrainConfig two = TrainConfig.defaults().withEpochs(2).withThreads(THREADS).withDevice(Device.CPU)
                    .withOptimizer(optimizer).withSeed(9).withEvaluateEachEpoch(false);
            DigitModel straight = model(PyTorchInit.initialState(9));
            List<EpochResult> uninterrupted = provider().trainer(two).fit(straight, small);

            Path file = dir.resolve(optimizer.kind() + "-checkpoint.safetensors");
            DigitModel first = model(PyTorchInit.initialState(9));
            provider().trainer(two.withEpochs(1)).checkpointTo(file).fit(first, small);
            Checkpoint cp = Checkpoints.load(file);
            assertThat(cp.epochsDone()).isEqualTo(1);
            DigitModel resumed = model(cp.model());
            List<EpochResult> rest = provider().trainer(two).resume(resumed, small, cp);

            assertThat(rest).hasSize(1);
            assertThat(rest.get(0).epoch()).isEqualTo(2);
            assertThat(rest.get(0).loss()).as("%s: epoch 2 loss", optimizer)
                    .isCloseTo(uninterrupted.get(1).loss(), within(1e-4));
            StateDict a = straight.stateDict();
            StateDict b = resumed.stateDict();
            for (String name : a.names()) {
                float[] x = a.get(name).data();
                float[] y = b.get(name).data();
                for (int i = 0; i < x.length; i++) {
                    assertThat(y[i]).as("%s: %s[%d]", optimizer, name, i).isCloseTo(x[i], within(1e-4f));
                }
            }
        }
    }

    @Test
    void aCheckpointOfAnotherOptimizerIsRefused(@TempDir Path dir) {
        DataModule tiny = DataModules.of("tiny", mnist.train().subset(0, 128), mnist.test().subset(0, 10));
        TrainConfig momentum = TrainConfig.defaults().withEpochs(1).withThreads(THREADS).withDevice(Device.CPU)
                .withOptimizer(OptimizerConfig.momentum(0.01, 0.9)).withEvaluateEachEpoch(false);
        Path file = dir.resolve("cp.safetensors");
        provider().trainer(momentum).checkpointTo(file).fit(model(PyTorchInit.initialState(1)), tiny);
        Checkpoint cp = Checkpoints.load(file);
        TrainConfig adam = momentum.withEpochs(2).withOptimizer(OptimizerConfig.adam(1e-3));
        assertThatThrownBy(() -> provider().trainer(adam).resume(model(cp.model()), tiny, cp))
                .isInstanceOf(Mnist4jException.class)
                .hasMessageContaining("state of optimizer 'momentum', but 'adam' is configured");
    }

    @Test
    void autoPicksAnOfferedDeviceAndCpuIsAlwaysThere() {
        DigitModel auto = provider().newModel(1, Device.AUTO, THREADS);
        opened.add(auto);
        assertThat(provider().devices()).contains(auto.device());
        DigitModel cpu = provider().newModel(1, Device.CPU, THREADS);
        opened.add(cpu);
        assertThat(cpu.device()).isEqualTo(Device.CPU);
    }

    @Test
    void aCudaDeviceThatIsNotThereIsAClearError() {
        assertThatThrownBy(() -> provider().newModel(1, Device.cuda(99), THREADS))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("cuda:99").hasMessageContaining(provider().name());
        if (provider().devices().stream().noneMatch(d -> d.kind() == Device.Kind.CUDA)) {
            assertThatThrownBy(() -> provider().newModel(1, Device.parse("cuda"), THREADS))
                    .isInstanceOf(DeviceUnavailableException.class)
                    .hasMessageContaining("no CUDA device");
        }
    }

    @Test
    void aStateOfTheWrongShapeIsRefusedAndChangesNothing() {
        DigitModel m = model(PyTorchInit.initialState(4));
        StateDict before = m.stateDict();
        Map<String, Tensor> bad = new LinkedHashMap<>(PyTorchInit.initialState(5).tensors());
        bad.put("fc1.weight", new Tensor(new int[] {1600, 64}, new float[1600 * 64]));
        assertThatThrownBy(() -> m.loadStateDict(StateDict.of(bad)))
                .isInstanceOf(Mnist4jException.class)
                .hasMessageContaining("fc1.weight").hasMessageContaining("[1600, 64]").hasMessageContaining("[64, 1600]");
        assertThat(m.stateDict()).isEqualTo(before);
    }

    @Test
    void unknownMissingAndNonFiniteTensorsAreRefused() {
        DigitModel m = model(PyTorchInit.initialState(4));
        Map<String, Tensor> extra = new LinkedHashMap<>(PyTorchInit.initialState(5).tensors());
        extra.put("fc3.weight", new Tensor(new int[] {1}, new float[1]));
        assertThatThrownBy(() -> m.loadStateDict(StateDict.of(extra))).hasMessageContaining("unexpected tensor 'fc3.weight'");
        Map<String, Tensor> missing = new LinkedHashMap<>(PyTorchInit.initialState(5).tensors());
        missing.remove("conv2.bias");
        assertThatThrownBy(() -> m.loadStateDict(StateDict.of(missing))).hasMessageContaining("missing tensor 'conv2.bias'");
        Map<String, Tensor> nan = new LinkedHashMap<>(PyTorchInit.initialState(5).tensors());
        float[] d = new float[10];
        d[3] = Float.NaN;
        nan.put("fc2.bias", new Tensor(new int[] {10}, d));
        assertThatThrownBy(() -> m.loadStateDict(StateDict.of(nan))).hasMessageContaining("fc2.bias").hasMessageContaining("non-finite");
        assertThat(m.stateDict()).isEqualTo(PyTorchInit.initialState(4));
    }

    @Test
    void logitsOfTheWrongInputLengthAreRefused() {
        DigitModel m = model(PyTorchInit.initialState(4));
        assertThatThrownBy(() -> m.logits(new float[700], 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("784");
    }

    @Test
    void thePredictorIsThreadSafeAndAgreesWithTheLogits() throws Exception {
        DigitModel m = model(golden.weights());
        Predictor predictor = provider().predictor(m, Normalization.TUTORIAL);
        DataSet test = mnist.test();
        List<int[]> images = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            images.add(test.rawImage(i));
        }
        List<Prediction> sequential = predictor.predictAll(images);
        Batch batch = test.slice(0, 64);
        float[] logits = m.logits(batch.images(), 64);
        for (int i = 0; i < 64; i++) {
            assertThat(sequential.get(i).digit()).isEqualTo(dev.mnist4j.model.Logits.argmax(logits, i));
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
                assertThat(p.probabilities()).containsExactly(sequential.get(i % 64).probabilities(), within(1e-5f));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(MnistCnn.PARAMETER_COUNT).isEqualTo(121_930);
    }
}
