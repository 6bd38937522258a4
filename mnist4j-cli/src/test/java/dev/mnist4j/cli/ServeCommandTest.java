package dev.mnist4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnist4j.Backends;
import dev.mnist4j.DigitModel;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.tck.SmallMnist;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mnist4j serve} and {@code train --ui} as a user runs them: a process, its address, Ctrl-C. */
class ServeCommandTest {
    static final Pattern ADDRESS = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** Reads the process's output until a line matches, and returns the address in it. */
    private static URI addressFrom(Process p, String marker, StringBuilder seen) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = ADDRESS.matcher(line);
            if (line.startsWith(marker) && m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
                drain.setDaemon(true);
                drain.start();
                return URI.create(m.group(1));
            }
        }
        throw new AssertionError("no '" + marker + " ... http://127.0.0.1:PORT/' line in:\n" + seen);
    }

    private static void ctrlC(Process p) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS))
                .as("the process ends after Ctrl-C")
                .isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
    }

    @Test
    void serveAnswersOnTheAddressItPrintsAndStopsOnCtrlC() throws Exception {
        Path model = dir.resolve("m.safetensors");
        try (DigitModel m =
                Backends.get("cpu-ref").newModel(PyTorchInit.initialState(1), dev.mnist4j.ModelOptions.defaults())) {
            m.save(model);
        }
        Process p = ChildCli.start(
                "serve", "--port", "0", "--backend", "cpu-ref", "--threads", "1", "--model", model.toString());
        try {
            StringBuilder seen = new StringBuilder();
            URI at = addressFrom(p, "Serving " + model, seen);
            assertThat(seen.toString()).doesNotContain("[INFO]"); // Jetty's start-up chatter stays quiet
            HttpResponse<String> ready = HTTP.send(
                    HttpRequest.newBuilder(at.resolve("/v2/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.body()).isEqualTo("{\"ready\":true}");
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(at.resolve("/api/predict"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"pixels\":" + java.util.Arrays.toString(new int[784]) + "}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"backend\":\"cpu-ref\"");
            ctrlC(p);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void trainWithUiShowsTheRunOnItsDashboardAndKeepsItUntilCtrlC() throws Exception {
        Path data = SmallMnist.write(dir.resolve("data"), 640, 100);
        Process p = ChildCli.start(
                "train",
                "--ui",
                "--ui-port",
                "0",
                "--backend",
                "cpu-ref",
                "--threads",
                "1",
                "--epochs",
                "1",
                "--data",
                data.toString(),
                "--out",
                dir.resolve("m.safetensors").toString());
        try {
            StringBuilder seen = new StringBuilder();
            URI dashboard = addressFrom(p, "Dashboard: ", seen);
            HttpResponse<java.util.stream.Stream<String>> events = HTTP.send(
                    HttpRequest.newBuilder(dashboard.resolve("/api/training/events"))
                            .header("Accept", "text/event-stream")
                            .timeout(Duration.ofSeconds(120))
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            List<String> names = new ArrayList<>();
            java.util.Iterator<String> lines = events.body().iterator();
            while (lines.hasNext() && !names.contains("done")) {
                String line = lines.next();
                if (line.startsWith("event: ")) {
                    names.add(line.substring(7));
                }
            }
            assertThat(names.get(0)).isEqualTo("start");
            assertThat(names).filteredOn("batch"::equals).hasSize(10);
            assertThat(names).contains("epoch").endsWith("done");
            HttpResponse<String> page = HTTP.send(
                    HttpRequest.newBuilder(dashboard.resolve("/dashboard")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("mnist4j: training");
            assertThat(dir.resolve("m.safetensors").toFile()).exists();
            ctrlC(p);
        } finally {
            p.destroyForcibly();
        }
    }
}
