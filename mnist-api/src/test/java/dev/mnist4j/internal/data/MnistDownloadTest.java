package dev.mnist4j.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mnist4j.DataModules;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.data.InvalidDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opt-in download, against mirrors served by the JDK's HTTP server on loopback: {@code /good/}
 * serves the real files (the embedded copies), {@code /corrupt/} serves damaged ones, {@code /gone/}
 * answers 404, {@code /short/} closes the connection halfway through the body, {@code /stalls/}
 * sends half the body and then nothing, {@code /moved/} redirects to {@code /good/}, {@code /loop/}
 * redirects to itself; and a socket that accepts connections and never answers.
 */
class MnistDownloadTest {
    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private ServerSocket silent;
    private final CountDownLatch stopping = new CountDownLatch(1);

    @TempDir
    Path dir;

    @BeforeEach
    void startMirrors() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // the OS accepts; nobody answers
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool()); // a stalled answer must not hold up the others
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            String mirror = path.substring(1, path.indexOf('/', 1));
            String file = path.substring(path.lastIndexOf('/') + 1);
            if (mirror.equals("moved") || mirror.equals("loop")) {
                String to = mirror.equals("moved") ? "/good/" + file : path;
                exchange.getResponseHeaders().add("Location", to);
                exchange.sendResponseHeaders(301, -1);
                exchange.close();
                return;
            }
            byte[] body = mirror.equals("gone") ? null : embedded(file);
            if (body != null && mirror.equals("corrupt")) {
                body = body.clone();
                body[body.length / 2] ^= 0x10;
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else if (mirror.equals("short") || mirror.equals("stalls")) {
                exchange.sendResponseHeaders(200, body.length);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                if (mirror.equals("stalls")) {
                    try {
                        stopping.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopMirrors() throws IOException {
        stopping.countDown();
        server.stop(0);
        silent.close();
    }

    private URI silentMirror() {
        return URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/silent/");
    }

    /** A downloader with short timeouts, so that the silent and stalling mirrors fail quickly. */
    private MnistDownloader impatient(List<URI> mirrors) {
        return new MnistDownloader(mirrors, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    @Timeout(60)
    void eachBadMirrorFailsWithinItsTimeoutAndTheNextIsTried() throws IOException {
        List<String> bad = List.of("gone", "short", "corrupt", "loop", "stalls");
        List<URI> mirrors = new ArrayList<>();
        mirrors.add(silentMirror());
        bad.forEach(name -> mirrors.add(mirror(name)));
        mirrors.add(mirror("moved"));

        Path got = impatient(mirrors).download(MnistFile.TEST_LABELS, dir);

        assertThat(got).hasFileName("t10k-labels-idx1-ubyte.gz");
        assertThat(Files.readAllBytes(got)).isEqualTo(embedded("t10k-labels-idx1-ubyte.gz"));
        for (String name : bad) {
            assertThat(hits.get("/" + name + "/t10k-labels-idx1-ubyte.gz"))
                    .as(name)
                    .isNotNull();
        }
        assertThat(hits.get("/good/t10k-labels-idx1-ubyte.gz"))
                .as("the redirect was followed")
                .hasValue(1);
        assertThat(leftovers()).isEmpty();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).containsExactly(got);
        }
    }

    @Test
    @Timeout(60)
    void whenEveryMirrorFailsTheErrorSaysWhyForEachAndNoFileIsLeft() throws IOException {
        List<URI> mirrors = new ArrayList<>(List.of(silentMirror()));
        for (String name : List.of("gone", "short", "corrupt", "loop", "stalls")) {
            mirrors.add(mirror(name));
        }
        assertThatThrownBy(() -> impatient(mirrors).download(MnistFile.TEST_LABELS, dir))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("could not download t10k-labels-idx1-ubyte.gz from any mirror")
                .hasMessageContaining(silentMirror() + "t10k-labels-idx1-ubyte.gz: java.net.http.HttpTimeoutException")
                .hasMessageContaining(mirror("gone") + "t10k-labels-idx1-ubyte.gz: java.io.IOException: HTTP 404")
                .hasMessageContaining(mirror("short") + "t10k-labels-idx1-ubyte.gz: java.io.")
                .hasMessageContaining(mirror("corrupt") + "t10k-labels-idx1-ubyte.gz: not a valid gzip file")
                .hasMessageContaining(mirror("loop") + "t10k-labels-idx1-ubyte.gz: java.io.")
                // Java 17's client gives up on the stalled body itself; newer ones leave it to our deadline
                .hasMessageMatching("(?s).*" + Pattern.quote(mirror("stalls") + "t10k-labels-idx1-ubyte.gz: ")
                        + "java\\.(io\\.IOException: fixed content-length|net\\.http\\.HttpTimeoutException).*")
                .satisfies(e -> assertThat(e.getMessage().split("; http")).hasSize(6));
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).as("nothing written, not even a temporary file").isEmpty();
        }
    }

    private URI mirror(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
    }

    private static byte[] embedded(String gzName) throws IOException {
        try (InputStream in =
                MnistDownloadTest.class.getClassLoader().getResourceAsStream(MnistFile.RESOURCE_DIR + gzName)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    @Test
    void downloadsIntoTheTorchvisionLayoutSkippingBadMirrors() throws IOException {
        DataOptions options = DataOptions.defaults()
                .withDirectory(dir)
                .withDownload(true)
                .withMirrors(List.of(mirror("gone"), mirror("corrupt"), mirror("good")));
        DataModule m = DataModules.mnist(options);
        assertThat(m.train().size()).isEqualTo(60_000);
        assertThat(m.test().size()).isEqualTo(10_000);
        for (MnistFile f : MnistFile.values()) {
            assertThat(dir.resolve("MNIST/raw/" + f.gzName())).isRegularFile();
            assertThat(hits.get("/corrupt/" + f.gzName()))
                    .as("corrupt mirror tried first")
                    .hasValue(1);
            assertThat(hits.get("/good/" + f.gzName())).hasValue(1);
        }
        assertThat(leftovers()).isEmpty();

        // The files are there now: a second module reads them without the network.
        hits.clear();
        assertThat(DataModules.mnist(options).train().size()).isEqualTo(60_000);
        assertThat(hits).isEmpty();
    }

    @Test
    void whenEveryMirrorFailsTheErrorListsThemAndNoFileIsLeft() throws IOException {
        DataOptions options = DataOptions.defaults()
                .withDirectory(dir)
                .withDownload(true)
                .withMirrors(List.of(mirror("corrupt"), mirror("gone")));
        assertThatThrownBy(() -> DataModules.mnist(options).prepare())
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("could not download train-images-idx3-ubyte.gz from any mirror")
                .hasMessageContaining(mirror("corrupt").toString())
                .hasMessageContaining("HTTP 404");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void withoutADirectoryDownloadsGoToTheCacheDirectoryOnlyWhenNothingElseHasTheData() {
        // With the embedded copy on the classpath, download is never needed.
        DataOptions options =
                DataOptions.defaults().withDownloadDir(dir).withDownload(true).withMirrors(List.of(mirror("good")));
        assertThat(DataModules.mnist(options).source()).contains("embedded");
        assertThat(hits).isEmpty();
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".gz"))
                    .toList();
        }
    }
}
