package dev.mnist4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnist4j.Backend;
import dev.mnist4j.BackendStatus;
import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.TrainConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every pair of backends on the class path computes the same CNN, and reads each other's files and PyTorch's. */
class CrossBackendTest {
    static final ModelOptions CPU =
            ModelOptions.defaults().withDevice(Device.CPU).withThreads(2);
    static DataSet test;
    static DataSet train;
    static List<Backend> backends;

    @BeforeAll
    static void setUp() {
        DataModule mnist = DataModules.mnist();
        test = mnist.test();
        train = mnist.train();
        backends = Backends.list().stream()
                .filter(BackendStatus::available)
                .map(s -> Backends.get(s.name()))
                .toList();
        assertThat(backends).extracting(Backend::name).contains("cpu-ref", "djl", "dl4j", "onnxruntime");
    }

    @Test
    void forTheSameWeightsEveryBackendGivesTheSameLogitsOnThreeHundredTestImages() {
        StateDict weights = PyTorchInit.initialState(11);
        Batch batch = test.slice(0, 300);
        float[] reference = null;
        for (Backend b : backends) {
            try (DigitModel m = b.newModel(weights, CPU)) {
                float[] logits = m.logits(batch.images(), batch.count());
                if (reference == null) {
                    reference = logits;
                } else {
                    assertThat(logits).as(b.name()).containsExactly(reference, within(1e-4f));
                }
            }
        }
    }

    @Test
    void everyBackendReadsATorchSaveStateDictAndGivesPyTorchsLogitsAndTestAccuracy(@TempDir Path dir) throws Exception {
        Path pth = dir.resolve("mnist_model.pth");
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/dev/mnist4j/io/pytorch/mnist_model.pth");
                InputStream json = getClass().getResourceAsStream("/dev/mnist4j/io/pytorch/mnist_model.json")) {
            Files.copy(in, pth);
            expected = new ObjectMapper().readTree(json);
        }
        Batch sixteen = test.slice(0, 16);
        for (Backend b : backends) {
            try (DigitModel m = b.loadModel(pth, CPU)) {
                float[] logits = m.logits(sixteen.images(), 16);
                for (int i = 0; i < 16; i++) {
                    for (int c = 0; c < 10; c++) {
                        assertThat((double) logits[i * 10 + c])
                                .as("%s on PyTorch's model: image %d class %d", b.name(), i, c)
                                .isCloseTo(expected.get("logits").get(i).get(c).asDouble(), within(1e-4));
                    }
                }
                assertThat(m.evaluate(test).accuracy())
                        .as("%s on PyTorch's model", b.name())
                        .isCloseTo(expected.get("test_accuracy").asDouble(), within(0.0005));
            }
        }
    }

    @Test
    void aModelTrainedAndSavedByOneBackendLoadsInEveryOther(@TempDir Path dir) {
        DataModule slice = DataModules.of("first-1920", train.subset(0, 1920), test.subset(0, 10));
        Batch batch = test.slice(0, 300);
        for (Backend writer : backends) {
            if (!writer.can(Capability.TRAINING)) {
                continue; // an inference-only backend (onnxruntime) writes what it read; its reading is checked below
            }
            Path file = dir.resolve(writer.name() + ".safetensors");
            try (DigitModel m = writer.newModel(CPU.withSeed(3))) {
                m.newTrainer(TrainConfig.defaults()
                                .withEpochs(1)
                                .withOptimizer(OptimizerConfig.momentum(0.01, 0.9))
                                .withEvaluateEachEpoch(false))
                        .fit(slice);
                m.save(file);
                float[] expected = m.logits(batch.images(), batch.count());
                DataSet part = test.subset(0, 2000); // every reader's accuracy on the same 2,000 images
                double accuracy = m.evaluate(part).accuracy();
                for (Backend reader : backends) {
                    try (DigitModel loaded = reader.loadModel(file, CPU)) {
                        assertThat(loaded.metadata()).containsEntry("backend", writer.name());
                        assertThat(loaded.logits(batch.images(), batch.count()))
                                .as("%s file read by %s", writer.name(), reader.name())
                                .containsExactly(expected, within(1e-4f));
                        assertThat(loaded.evaluate(part).accuracy())
                                .as("%s file read by %s: test accuracy", writer.name(), reader.name())
                                .isCloseTo(accuracy, within(0.0005));
                    }
                }
            }
        }
    }
}
