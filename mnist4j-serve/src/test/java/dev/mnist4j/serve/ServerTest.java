package dev.mnist4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.predict.ImagePreprocessing;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.predict.Predictor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's APIs over real HTTP on loopback, judged against the model and predictor called directly. */
class ServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static DataSet test;
    static DigitModel model;
    static Predictor direct;
    static DigitServer server;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        test = DataModules.mnist().test();
        // fixed weights are enough: each answer is compared with the model's own
        model = Backends.get("cpu-ref")
                .newModel(PyTorchInit.initialState(3), ModelOptions.defaults().withThreads(2));
        direct = model.newPredictor();
        server = DigitServer.start(ServerOptions.defaults().withPort(0).withMaxBodyBytes(256 * 1024), model, null);
    }

    @AfterAll
    static void stop() {
        server.close();
        model.close();
    }

    record Reply(int status, String type, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    static Reply send(String method, String path, String type, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.address().resolve(path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
    }

    static Reply get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    static Reply postJson(String path, Object body) throws Exception {
        return send("POST", path, "application/json", JSON.writeValueAsBytes(body));
    }

    static byte[] picture(int index, String format) throws Exception {
        // test image `index` as a pen drawing: dark ink on white paper, 10× larger
        int[] px = test.rawImage(index);
        BufferedImage img = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 280; y++) {
            for (int x = 0; x < 280; x++) {
                int v = 255 - px[(y / 10) * 28 + x / 10];
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    @Test
    void pixelsAsJsonGetThePredictorsAnswer() throws Exception {
        for (int i = 0; i < 5; i++) {
            int[] px = test.rawImage(i);
            Reply r = postJson("/api/predict", Map.of("pixels", px));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.type()).startsWith("application/json");
            JsonNode a = r.json();
            Prediction expected = direct.predict(px);
            assertThat(a.get("digit").asInt()).isEqualTo(expected.digit());
            for (int c = 0; c < 10; c++) {
                assertThat(a.get("probabilities").get(c).floatValue()).isEqualTo(expected.probabilities()[c]);
            }
            assertThat(a.get("backend").asText()).isEqualTo("cpu-ref");
            assertThat(a.get("millis").asDouble()).isNotNegative();
            assertThat(JSON.convertValue(a.get("image"), int[].class)).containsExactly(px);
        }
    }

    @Test
    void pngAndJpegPicturesAreMadeMnistLikeAsPredictDoes() throws Exception {
        for (String format : List.of("png", "jpeg")) {
            byte[] bytes = picture(0, format);
            Reply r = send("POST", "/api/predict", "image/" + format, bytes);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            int[] seen = ImagePreprocessing.MNIST.toPixels(ImageIO.read(new java.io.ByteArrayInputStream(bytes)));
            assertThat(JSON.convertValue(r.json().get("image"), int[].class)).containsExactly(seen);
            assertThat(r.json().get("digit").asInt())
                    .isEqualTo(direct.predict(seen).digit());
        }
    }

    @Test
    void badRequestsGetTheirStatusAndAJsonErrorNeverA500() throws Exception {
        assertError(send("POST", "/api/predict", "text/plain", "7".getBytes()), 415, "image/png");
        assertError(send("POST", "/api/predict", null, "7".getBytes()), 415, "no Content-Type");
        assertError(send("POST", "/api/predict", "image/png", new byte[300 * 1024]), 413, "262144 bytes");
        assertError(
                send("POST", "/api/predict", "application/json", "{\"pixels\": [1, 2,".getBytes()),
                400,
                "malformed JSON");
        assertError(send("POST", "/api/predict", "application/json", "[1, 2]".getBytes()), 400, "JSON object");
        assertError(postJson("/api/predict", Map.of("pixels", new int[783])), 400, "784 values");
        int[] bright = new int[784];
        bright[5] = 256;
        assertError(postJson("/api/predict", Map.of("pixels", bright)), 400, "\"pixels\"[5]");
        assertError(postJson("/api/predict", Map.of("image", new int[784])), 400, "{\"pixels\"");
        assertError(send("POST", "/api/predict", "image/png", "not a png".getBytes()), 400, "image/png body");
        byte[] png = picture(1, "png");
        assertError(send("POST", "/api/predict", "image/png", java.util.Arrays.copyOf(png, png.length / 2)), 400, "");
        ByteArrayOutputStream blank = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(100, 100, BufferedImage.TYPE_BYTE_GRAY), "png", blank);
        assertError(send("POST", "/api/predict", "image/png", blank.toByteArray()), 400, "");
        assertError(get("/api/nothing-here"), 404, "no such page or API");
        assertError(send("DELETE", "/api/predict", null, null), 404, "");
    }

    @Test
    void randomBodiesOfEveryTypeNeverBreakTheServer() throws Exception {
        Random random = new Random(16);
        byte[] png = picture(2, "png");
        String[] types = {"image/png", "image/jpeg", "application/json", "application/octet-stream"};
        for (int i = 0; i < 200; i++) {
            byte[] body;
            if (i % 3 == 0) { // a real picture with some bytes changed
                body = png.clone();
                for (int k = 0; k < 1 + random.nextInt(20); k++) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
            } else {
                body = new byte[random.nextInt(2000)];
                random.nextBytes(body);
            }
            String path = i % 2 == 0 ? "/api/predict" : "/v2/models/mnist/infer";
            Reply r = send("POST", path, types[i % types.length], body);
            assertThat(r.status())
                    .as("%s %s: %s", path, types[i % types.length], r.body())
                    .isIn(200, 400, 413, 415);
            if (r.status() != 200) {
                assertThat(r.json().get("error").asText()).isNotBlank();
            }
        }
        assertThat(get("/v2/health/live").status()).isEqualTo(200);
    }

    @Test
    void theOpenInferenceProtocolAnswersAsTheModelDoes() throws Exception {
        assertThat(get("/v2/health/live").json().get("live").asBoolean()).isTrue();
        assertThat(get("/v2/health/ready").json().get("ready").asBoolean()).isTrue();
        assertThat(get("/v2/models/mnist/ready").status()).isEqualTo(200);
        JsonNode meta = get("/v2/models/mnist").json();
        assertThat(meta.get("name").asText()).isEqualTo("mnist");
        assertThat(meta.get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,1,28,28]");
        assertThat(meta.get("outputs").get(0).get("name").asText()).isEqualTo("logits");
        assertThat(meta.get("parameters").get("normalization").asText())
                .isEqualTo(model.normalization().toString());
        assertThat(get("/v2").json().get("name").asText()).isEqualTo("mnist4j");

        int n = 3;
        float[] images = test.slice(10, n).images();
        float[] expected = model.logits(images, n);
        // [N,1,28,28], nested as torch.tolist() writes it, normalised
        List<List<List<List<Float>>>> nested = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<List<Float>> rows = new ArrayList<>();
            for (int y = 0; y < 28; y++) {
                List<Float> row = new ArrayList<>();
                for (int x = 0; x < 28; x++) {
                    row.add(images[i * 784 + y * 28 + x]);
                }
                rows.add(row);
            }
            nested.add(List.of(rows));
        }
        JsonNode a = infer(Map.of("id", "r1", "inputs", List.of(input(List.of(n, 1, 28, 28), nested, null))))
                .json();
        assertThat(a.get("id").asText()).isEqualTo("r1");
        assertThat(a.get("model_name").asText()).isEqualTo("mnist");
        checkOutputs(a, expected, n);
        // [N,784], flat pixels 0-255 with "normalized": false
        List<Integer> raw = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int v : test.rawImage(10 + i)) {
                raw.add(v);
            }
        }
        JsonNode b = infer(Map.of("inputs", List.of(input(List.of(n, 784), raw, Map.of("normalized", false)))))
                .json();
        checkOutputs(b, expected, n);
        JsonNode only = infer(Map.of(
                        "inputs", List.of(input(List.of(n, 784), raw, Map.of("normalized", false))),
                        "outputs", List.of(Map.of("name", "digit"))))
                .json();
        assertThat(only.get("outputs")).hasSize(1);
        assertThat(only.get("outputs").get(0).get("datatype").asText()).isEqualTo("INT64");
    }

    private static void checkOutputs(JsonNode answer, float[] expected, int n) {
        JsonNode outputs = answer.get("outputs");
        assertThat(outputs).hasSize(3);
        JsonNode logits = outputs.get(0);
        assertThat(logits.get("shape").toString()).isEqualTo("[" + n + ",10]");
        for (int k = 0; k < n * 10; k++) {
            assertThat(logits.get("data").get(k).floatValue()).isCloseTo(expected[k], within(1e-5f));
        }
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int best = 0;
            for (int c = 0; c < 10; c++) {
                sum += outputs.get(1).get("data").get(i * 10 + c).asDouble();
                best = expected[i * 10 + c] > expected[i * 10 + best] ? c : best;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
            assertThat(outputs.get(2).get("data").get(i).asInt()).isEqualTo(best);
        }
    }

    private static Map<String, Object> input(List<Integer> shape, Object data, Map<String, Object> parameters) {
        Map<String, Object> in = new java.util.LinkedHashMap<>();
        in.put("name", "input");
        in.put("shape", shape);
        in.put("datatype", "FP32");
        in.put("data", data);
        if (parameters != null) {
            in.put("parameters", parameters);
        }
        return in;
    }

    private static Reply infer(Object body) throws Exception {
        Reply r = postJson("/v2/models/mnist/infer", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    @Test
    void theInferenceProtocolRefusesWrongShapesTypesAndSizes() throws Exception {
        float[] one = new float[784];
        assertError(
                postJson("/v2/models/mnist/infer", Map.of("inputs", List.of(input(List.of(1, 28, 28), one, null)))),
                400,
                "shape");
        assertError(
                postJson("/v2/models/mnist/infer", Map.of("inputs", List.of(input(List.of(2, 784), one, null)))),
                400,
                "holds 784 values; the shape needs 1568");
        assertError(
                postJson("/v2/models/mnist/infer", Map.of("inputs", List.of(input(List.of(300, 784), one, null)))),
                400,
                "batch size N must be 1-256");
        Map<String, Object> int8 = input(List.of(1, 784), one, null);
        int8.put("datatype", "INT8");
        assertError(postJson("/v2/models/mnist/infer", Map.of("inputs", List.of(int8))), 400, "FP32");
        assertError(postJson("/v2/models/mnist/infer", Map.of("inputs", List.of())), 400, "\"inputs\"");
        assertError(
                postJson(
                        "/v2/models/mnist/infer",
                        Map.of("inputs", List.of(input(List.of(1, 784), List.of("a"), null)))),
                400,
                "finite numbers");
        assertError(
                send(
                        "POST",
                        "/v2/models/mnist/infer",
                        "application/json",
                        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,784],\"datatype\":\"FP32\",\"data\":[NaN]}]}"
                                .getBytes()),
                400,
                "malformed JSON");
        assertError(
                postJson(
                        "/v2/models/mnist/infer",
                        Map.of(
                                "inputs",
                                List.of(input(List.of(1, 784), one, null)),
                                "outputs",
                                List.of(Map.of("name", "secret")))),
                400,
                "unknown output");
        assertError(send("POST", "/v2/models/mnist/infer", "text/plain", "{}".getBytes()), 415, "application/json");
        StringBuilder deep = new StringBuilder();
        deep.append("[".repeat(5000)).append("]".repeat(5000));
        assertError(
                send(
                        "POST",
                        "/v2/models/mnist/infer",
                        "application/json",
                        deep.toString().getBytes()),
                400,
                "malformed JSON");
    }

    private static void assertError(Reply r, int status, String message) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.type()).startsWith("application/json");
        assertThat(r.json().get("error").asText()).contains(message);
    }

    @Test
    void onlyThePagesFilesAreServedAndNothingBesideThem() throws Exception {
        Reply page = get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.type()).startsWith("text/html");
        assertThat(page.body())
                .contains("<canvas id=\"pad\"")
                .doesNotContain("http://")
                .doesNotContain("https://");
        assertThat(get("/dashboard").body()).contains("/dashboard.js");
        assertThat(get("/draw.js").type()).startsWith("text/javascript");
        for (String sneaky : List.of(
                "/../pom.xml",
                "/%2e%2e/%2e%2e/etc/passwd",
                "/dev/mnist4j/serve/web/index.html",
                "/web/index.html",
                "/..%2fServerTest.class",
                "/draw.js/../../pom.xml")) {
            Reply r = send("GET", sneaky, null, null);
            assertThat(r.status()).as(sneaky).isIn(400, 404);
            assertThat(r.body()).doesNotContain("<project").doesNotContain("root:");
        }
    }

    @Test
    void corsIsOffUnlessAnOriginIsGiven() throws Exception {
        Reply plain = send("GET", "/api/model", null, null, "Origin", "https://example.org");
        assertThat(plain.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        try (DigitServer cors = DigitServer.start(
                ServerOptions.defaults().withPort(0).withCorsOrigin("https://digits.example.org"), model, null)) {
            HttpResponse<String> allowed = http.send(
                    HttpRequest.newBuilder(cors.address().resolve("/api/model"))
                            .header("Origin", "https://digits.example.org")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains("https://digits.example.org");
            HttpResponse<String> other = http.send(
                    HttpRequest.newBuilder(cors.address().resolve("/api/model"))
                            .header("Origin", "https://evil.example.org")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
        }
    }

    @Test
    void aClientThatStopsMidRequestIsDisconnected() throws Exception {
        try (DigitServer quick = DigitServer.start(
                        ServerOptions.defaults().withPort(0).withIdleTimeout(Duration.ofMillis(500)), model, null);
                Socket socket = new Socket("127.0.0.1", quick.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    "POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"pix"
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes(); // returns when the server closes the connection
            assertThat((System.nanoTime() - start) / 1e9)
                    .as("seconds until the server hung up")
                    .isLessThan(9);
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            assertThat(text.isEmpty() || !text.startsWith("HTTP/1.1 500"))
                    .as(text)
                    .isTrue();
        }
    }

    @Test
    void sixteenThreadsGetExactlyTheAnswersOfOne() throws Exception {
        int images = 64;
        List<int[]> pixels = new ArrayList<>();
        List<Prediction> alone = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            pixels.add(test.rawImage(i));
            alone.add(direct.predict(test.rawImage(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    int checked = 0;
                    for (int k = 0; k < 40; k++) {
                        int i = (offset * 7 + k) % images;
                        JsonNode a = postJson("/api/predict", Map.of("pixels", pixels.get(i)))
                                .json();
                        assertThat(a.get("digit").asInt())
                                .isEqualTo(alone.get(i).digit());
                        for (int c = 0; c < 10; c++) {
                            assertThat(a.get("probabilities").get(c).floatValue())
                                    .isEqualTo(alone.get(i).probabilities()[c]);
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertThat(total).isEqualTo(16 * 40);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServerWithoutAModelSaysSoAndBindsToLoopbackByDefault() throws Exception {
        assertThat(ServerOptions.defaults().host()).isEqualTo("127.0.0.1");
        assertThat(server.address().getHost()).isEqualTo("127.0.0.1");
        TrainingFeed feed = new TrainingFeed(model, dev.mnist4j.train.TrainConfig.defaults(), test);
        try (DigitServer dashboardOnly =
                DigitServer.start(ServerOptions.defaults().withPort(0), null, feed)) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(dashboardOnly.address().resolve("/api/predict"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"pixels\":[]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("no model is loaded");
        }
    }
}
