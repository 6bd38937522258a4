package dev.mnist4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mnist4j.BackendStatus;
import dev.mnist4j.Backends;
import dev.mnist4j.Device;
import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModules;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.Evaluator;
import dev.mnist4j.train.OptimizerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every pair of backends on the class path computes the same CNN, and reads each other's files. */
class CrossBackendTest {
    static DataSet test;
    static DataSet train;
    static List<BackendProvider> backends;

    @BeforeAll
    static void setUp() {
        var mnist = DataModules.mnist(DataOptions.defaults());
        test = mnist.test();
        train = mnist.train();
        backends = Backends.list().stream().filter(BackendStatus::available).map(BackendStatus::provider).toList();
        assertThat(backends).extracting(BackendProvider::name).contains("cpu-ref", "djl");
    }

    @Test
    void forTheSameWeightsEveryBackendGivesTheSameLogitsOnThreeHundredTestImages() {
        StateDict weights = PyTorchInit.initialState(11);
        Batch batch = test.slice(0, 300);
        float[] reference = null;
        for (BackendProvider b : backends) {
            try (DigitModel m = b.newModel(weights, Device.CPU, 2)) {
                float[] logits = m.logits(batch.images(), batch.count());
                if (reference == null) {
                    reference = logits;
                } else {
                    for (int i = 0; i < logits.length; i++) {
                        assertThat(logits[i]).as("%s, logit %d", b.name(), i).isCloseTo(reference[i], within(1e-4f));
                    }
                }
            }
        }
    }

    @Test
    void everyBackendReadsATorchSaveStateDictAndGetsPyTorchsTestAccuracy(@TempDir Path dir) throws Exception {
        Path pth = dir.resolve("mnist_model.pth");
        try (var in = getClass().getResourceAsStream("/dev/mnist4j/io/pytorch/mnist_model.pth");
             var json = getClass().getResourceAsStream("/dev/mnist4j/io/pytorch/mnist_model.json")) {
            java.nio.file.Files.copy(in, pth);
            double pytorchAccuracy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)
                    .get("test_accuracy").asDouble();
            for (BackendProvider b : backends) {
                try (DigitModel m = b.newModel(ModelFiles.load(pth).state(), Device.CPU, 2)) {
                    double accuracy = Evaluator.evaluate(m, test).accuracy();
                    assertThat(accuracy).as("%s on PyTorch's model", b.name()).isCloseTo(pytorchAccuracy, within(0.0005));
                }
            }
        }
    }

    @Test
    void aModelTrainedAndSavedByOneBackendLoadsInEveryOther(@TempDir Path dir) {
        for (BackendProvider writer : backends) {
            Path file = dir.resolve(writer.name() + ".safetensors");
            try (DigitModel m = writer.newModel(3, Device.CPU, 2);
                 TrainingEngine engine = writer.trainingEngine(m, OptimizerConfig.momentum(0.01, 0.9))) {
                for (int i = 0; i < 30; i++) {
                    engine.step(train.slice(i * 64, 64), new float[640]);
                }
                ModelFiles.save(file, m.stateDict(), Map.of(ModelFiles.BACKEND, writer.name()));
                Batch batch = test.slice(0, 300);
                float[] expected = m.logits(batch.images(), batch.count());
                double accuracy = Evaluator.evaluate(m, test).accuracy();
                for (BackendProvider reader : backends) {
                    try (DigitModel loaded = reader.newModel(ModelFiles.load(file).state(), Device.CPU, 2)) {
                        float[] actual = loaded.logits(batch.images(), batch.count());
                        for (int i = 0; i < actual.length; i++) {
                            assertThat(actual[i]).as("%s file read by %s, logit %d", writer.name(), reader.name(), i)
                                    .isCloseTo(expected[i], within(1e-4f));
                        }
                        assertThat(Evaluator.evaluate(loaded, test).accuracy())
                                .as("%s file read by %s: test accuracy", writer.name(), reader.name())
                                .isCloseTo(accuracy, within(0.0005));
                    }
                }
            }
        }
    }
}
