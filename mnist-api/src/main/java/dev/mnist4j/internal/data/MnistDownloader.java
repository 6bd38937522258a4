package dev.mnist4j.internal.data;

import dev.mnist4j.core.Setting;
import dev.mnist4j.data.InvalidDataException;
import dev.mnist4j.io.AtomicFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads MNIST files from a list of mirrors, trying each in turn. A file is kept only when it
 * checks out: the gzip's MD5 is the mirrors' known one, or (for a mirror that compressed it
 * differently) the uncompressed content's SHA-256 is MNIST's. It is written atomically, so an
 * interrupted download leaves no partial file. A mirror that does not connect within 30 s, or does
 * not deliver the whole file within 3 minutes (a silent server, a stalled body), counts as failed and
 * the next one is tried.
 */
final class MnistDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(MnistDownloader.class);

    private final List<URI> mirrors;
    private final Duration transferTimeout;
    private final HttpClient http;

    MnistDownloader(List<URI> mirrors) {
        this(mirrors, Duration.ofSeconds(30), Duration.ofMinutes(3));
    }

    /**
     * @param connectTimeout  how long connecting to a mirror may take
     * @param transferTimeout how long the whole exchange with one mirror may take, body included
     */
    MnistDownloader(List<URI> mirrors, Duration connectTimeout, Duration transferTimeout) {
        if (mirrors.isEmpty()) {
            throw new IllegalArgumentException("no download mirrors configured");
        }
        this.mirrors = mirrors;
        this.transferTimeout = transferTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Downloads {@code file} into {@code dir} as its {@code .gz}; returns the path written. */
    Path download(MnistFile file, Path dir) {
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            URI url = mirror.resolve(file.gzName());
            try {
                byte[] body = fetch(url);
                String problem = verify(file, body, url.toString());
                if (problem == null) {
                    Path target = dir.resolve(file.gzName());
                    AtomicFile.write(target, body);
                    LOG.info("downloaded {} from {}", file.gzName(), url);
                    return target;
                }
                failures.add(url + ": " + problem);
            } catch (IOException e) {
                failures.add(url + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidDataException("download of " + file.gzName() + " was interrupted", e);
            }
            LOG.warn("mirror failed, trying the next one: {}", failures.get(failures.size() - 1));
        }
        throw new InvalidDataException(
                        "could not download " + file.gzName() + " from any mirror: " + String.join("; ", failures)
                                + ". Check the network, or name a data directory that holds the files")
                .remedy(Setting.DATA_DIRECTORY, "DIR");
    }

    private byte[] fetch(URI url) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(transferTimeout).GET().build();
        // The request's timeout covers the body on Java 17 but only the headers on newer JDKs
        // (a stalled body hung on Temurin 25): the whole exchange is bounded here as well.
        CompletableFuture<HttpResponse<byte[]>> pending =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = pending.get(transferTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("no whole answer within " + transferTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** {@code null} when the bytes are the right file, else what is wrong with them. */
    private static String verify(MnistFile file, byte[] body, String source) {
        if (Checksums.md5(body).equals(file.mirrorMd5())) {
            return null;
        }
        try {
            byte[] content = IdxReader.readContent(new ByteArrayInputStream(body), source);
            String sha = Checksums.sha256(content);
            return sha.equals(file.sha256())
                    ? null
                    : "checksum mismatch (SHA-256 of content " + sha + ", expected " + file.sha256() + ")";
        } catch (IOException | InvalidDataException e) {
            return "not a valid gzip file (" + e.getMessage() + ")";
        }
    }
}
