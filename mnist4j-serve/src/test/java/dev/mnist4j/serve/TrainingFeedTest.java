package dev.mnist4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.train.BatchProgress;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.TrainingListener;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A training run followed over server-sent events, by a page open from the start and by one opened after. */
class TrainingFeedTest {
    record Event(String type, JsonNode data) {}

    static List<Event> follow(DigitServer server) throws Exception {
        HttpResponse<InputStream> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.address().resolve("/api/training/events"))
                                .header("Accept", "text/event-stream") // as EventSource sends it
                                .timeout(Duration.ofSeconds(120))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Event> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String type = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    events.add(new Event(type, new ObjectMapper().readTree(line.substring(6))));
                    if ("done".equals(type)) {
                        return events; // the stream stays open after a run; the page keeps what it has
                    }
                }
            }
        }
        return events;
    }

    @Test
    void aPageSeesEveryBatchAndEpochAndALatePageSeesTheSameRun() throws Exception {
        DataModule mnist = DataModules.mnist();
        DataSet test = mnist.test().subset(0, 500);
        DataModule small = DataModules.of("small", mnist.train().subset(0, 1280), test);
        TrainConfig config = TrainConfig.defaults().withEpochs(2).withBatchSize(64);
        Map<Long, Map<String, Double>> ratios = new HashMap<>();
        try (DigitModel model = Backends.get("cpu-ref")
                .newModel(ModelOptions.defaults().withThreads(2).withSeed(1))) {
            TrainingFeed feed = new TrainingFeed(model, config, test);
            try (DigitServer server = DigitServer.start(ServerOptions.defaults().withPort(0), null, feed)) {
                CompletableFuture<List<Event>> early = CompletableFuture.supplyAsync(() -> {
                    try {
                        return follow(server);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(300); // the page is open before training starts
                model.newTrainer(config)
                        .addListener(ratiosMeasuredHere(model, ratios))
                        .addListener(feed)
                        .fit(small);
                feed.finish(true, "saved");
                List<Event> seen = early.get();
                List<Event> late = follow(server);
                assertThat(late).hasSameSizeAs(seen);
                for (int i = 0; i < seen.size(); i++) {
                    assertThat(late.get(i)).isEqualTo(seen.get(i));
                }
                check(seen, test, ratios);
            }
        }
    }

    /** The update ratios of step 10 and 20, computed here from the model's state, independently of the feed. */
    private static TrainingListener ratiosMeasuredHere(DigitModel model, Map<Long, Map<String, Double>> out) {
        return new TrainingListener() {
            long step;
            StateDict before;

            @Override
            public void onBatch(BatchProgress p) {
                step++;
                if (step % 10 == 0 && before != null) {
                    StateDict after = model.stateDict();
                    Map<String, Double> r = new HashMap<>();
                    for (String layer : List.of("conv1", "conv2", "fc1", "fc2")) {
                        float[] a = before.get(layer + ".weight").data();
                        float[] b = after.get(layer + ".weight").data();
                        double num = 0;
                        double den = 0;
                        for (int i = 0; i < a.length; i++) {
                            num += Math.pow(b[i] - a[i], 2);
                            den += Math.pow(a[i], 2);
                        }
                        r.put(layer, Math.sqrt(num / den));
                    }
                    out.put(step, r);
                }
                before = step % 10 == 9 ? model.stateDict() : null;
            }
        };
    }

    private static void check(List<Event> events, DataSet test, Map<Long, Map<String, Double>> ratios) {
        assertThat(events.get(0).type()).isEqualTo("start");
        assertThat(events.get(0).data().get("backend").asText()).isEqualTo("cpu-ref");
        assertThat(events.get(0).data().get("epochs").asInt()).isEqualTo(2);
        List<Event> batches =
                events.stream().filter(e -> e.type().equals("batch")).toList();
        assertThat(batches).hasSize(2 * 20);
        assertThat(batches.get(39).data().get("step").asLong()).isEqualTo(40);
        assertThat(batches)
                .allSatisfy(b -> assertThat(b.data().get("loss").asDouble()).isPositive());
        int measured = 0;
        for (Event b : batches) {
            long step = b.data().get("step").asLong();
            JsonNode r = b.data().get("updateRatios");
            if (ratios.containsKey(step)) {
                measured++;
                for (String layer : List.of("conv1", "conv2", "fc1", "fc2")) {
                    assertThat(r.get(layer).asDouble())
                            .as("step %d %s", step, layer)
                            .isCloseTo(ratios.get(step).get(layer), within(1e-9))
                            .isPositive();
                }
            } else {
                assertThat(r).as("step %d", step).isNull();
            }
        }
        assertThat(measured).as("ratios at steps 10, 20, 30, 40").isEqualTo(4);
        List<Event> epochs =
                events.stream().filter(e -> e.type().equals("epoch")).toList();
        assertThat(epochs).hasSize(2);
        JsonNode last = epochs.get(1).data();
        int total = 0;
        for (JsonNode row : last.get("confusion")) {
            for (JsonNode n : row) {
                total += n.asInt();
            }
        }
        assertThat(total).isEqualTo(500);
        assertThat(last.get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(last.get("learningRate").asDouble()).isEqualTo(0.01);
        assertThat(last.get("mistakes")).isNotEmpty();
        for (JsonNode m : last.get("mistakes")) {
            int index = m.get("index").asInt();
            assertThat(m.get("actual").asInt())
                    .isEqualTo(test.label(index))
                    .isNotEqualTo(m.get("predicted").asInt());
            assertThat(new ObjectMapper().convertValue(m.get("pixels"), int[].class))
                    .containsExactly(test.rawImage(index));
        }
        Event done = events.get(events.size() - 1);
        assertThat(done.type()).isEqualTo("done");
        assertThat(done.data().get("status").asText()).isEqualTo("finished");
    }
}
