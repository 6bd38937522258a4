package dev.mnist4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnist4j.Backend;
import dev.mnist4j.BackendStatus;
import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.core.Device;
import dev.mnist4j.core.UnsupportedCapabilityException;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.train.TrainConfig;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX both ways, judged by real tools: ONNX Runtime against cpu-ref on the whole test set, ONNX
 * Runtime's own session reading the file mnist4j exports, and every backend reading the file
 * PyTorch's {@code torch.onnx.export} wrote (scripts/make_onnx_fixtures.py).
 */
class OnnxInteropTest {
    static final ModelOptions CPU =
            ModelOptions.defaults().withDevice(Device.CPU).withThreads(2);
    static DataSet test;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        test = DataModules.mnist().test();
    }

    private Path resource(String name) throws Exception {
        Path f = dir.resolve(Path.of(name).getFileName());
        try (InputStream in = getClass().getResourceAsStream("/dev/mnist4j/io/" + name)) {
            Files.copy(in, f);
        }
        return f;
    }

    /**
     * Float logits up to about 15 carry rounding of about 1e-6 each, and the engines sum in other
     * orders (cpu-ref's inference computes conv2 by Winograd's algorithm): a limit relative to the
     * logit's size, as scripts/pytorch-interop's.
     */
    private static void assertLogitsClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i])
                    .as("logit %d", i)
                    .isCloseTo(expected[i], within(1e-5f * Math.max(1f, Math.abs(expected[i]))));
        }
    }

    private static float[] allLogits(DigitModel m) {
        return m.logits(test.slice(0, test.size()).images(), test.size());
    }

    @Test
    void onnxRuntimeGivesCpuRefsLogitsOnTheWholeTestSetAndTheSameAccuracy() throws Exception {
        Path pth = resource("pytorch/mnist_model.pth");
        try (DigitModel ort = Backends.get("onnxruntime").loadModel(pth, CPU);
                DigitModel ref = Backends.get("cpu-ref").loadModel(pth, CPU)) {
            float[] a = allLogits(ort);
            float[] b = allLogits(ref);
            assertThat(a).hasSize(10_000 * 10);
            assertLogitsClose(a, b);
            assertThat(ort.evaluate(test).accuracy())
                    .isEqualTo(ref.evaluate(test).accuracy());
        }
    }

    @Test
    void onnxRuntimesOwnSessionRunsTheFileMnist4jExportsWithTheSameLogitsAsItsTrainer() throws Exception {
        Path onnx = dir.resolve("exported.onnx");
        float[] expected;
        int n = 500;
        float[] images = test.slice(0, n).images();
        try (DigitModel m = Backends.get("cpu-ref").newModel(CPU.withSeed(4))) {
            m.newTrainer(TrainConfig.defaults().withEpochs(1).withEvaluateEachEpoch(false))
                    .fit(DataModules.of("first-640", DataModules.mnist().train().subset(0, 640), test.subset(0, 10)));
            m.save(onnx);
            expected = m.logits(images, n);
        }
        // ONNX Runtime reads the file itself, with none of mnist4j's reading code in between
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(images), new long[] {n, 1, 28, 28});
                OrtSession.Result result = session.run(Map.of("input", input))) {
            assertThat(session.getInputNames()).containsExactly("input");
            assertThat(session.getOutputNames()).containsExactly("logits");
            assertThat(session.getMetadata().getCustomMetadata())
                    .containsEntry(ModelFiles.BACKEND, "cpu-ref")
                    .containsKey(ModelFiles.NORMALIZATION)
                    .containsEntry(ModelFiles.EPOCHS, "1");
            float[] logits = new float[n * 10];
            ((OnnxTensor) result.get("logits").orElseThrow()).getFloatBuffer().get(logits);
            assertLogitsClose(logits, expected);
        }
    }

    @Test
    void everyBackendReadsTheTutorialsModelAsTorchOnnxExportWroteItAndGivesPyTorchsLogits() throws Exception {
        Path onnx = resource("onnx/mnist_model.onnx");
        JsonNode expected;
        try (InputStream json = getClass().getResourceAsStream("/dev/mnist4j/io/onnx/mnist_model.json")) {
            expected = new ObjectMapper().readTree(json);
        }
        List<Backend> backends = Backends.list().stream()
                .filter(BackendStatus::available)
                .map(s -> Backends.get(s.name()))
                .toList();
        assertThat(backends).extracting(Backend::name).contains("cpu-ref", "djl", "dl4j", "onnxruntime");
        float[] sixteen = test.slice(0, 16).images();
        for (Backend b : backends) {
            try (DigitModel m = b.loadModel(onnx, CPU)) {
                float[] logits = m.logits(sixteen, 16);
                for (int i = 0; i < 16; i++) {
                    for (int c = 0; c < 10; c++) {
                        assertThat((double) logits[i * 10 + c])
                                .as("%s on torch.onnx.export's file: image %d class %d", b.name(), i, c)
                                .isCloseTo(expected.get("logits").get(i).get(c).asDouble(), within(1e-4));
                    }
                }
            }
        }
    }

    @Test
    void askingOnnxRuntimeToTrainNamesTheCapability() {
        try (DigitModel m = Backends.get("onnxruntime").newModel(CPU)) {
            assertThatThrownBy(() -> m.newTrainer(TrainConfig.defaults()))
                    .isInstanceOf(UnsupportedCapabilityException.class)
                    .hasMessageContaining("onnxruntime")
                    .hasMessageContaining("TRAINING");
        }
    }
}
