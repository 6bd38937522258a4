package dev.mnist4j.serve;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Where a {@link DigitServer} listens and what it accepts.
 *
 * @param host          the address to bind; loopback ({@code 127.0.0.1}) unless told otherwise
 * @param port          the port; 0 picks a free one
 * @param maxBodyBytes  larger request bodies get 413
 * @param maxPixels     larger pictures get 400, refused from their header before decoding
 * @param maxBatch      more images in one inference request get 400
 * @param idleTimeout   a connection silent this long is closed, mid-request or not
 * @param corsOrigin    the one origin allowed to call the APIs from another site; none by default
 */
@API(status = EXPERIMENTAL)
public record ServerOptions(
        String host,
        int port,
        int maxBodyBytes,
        long maxPixels,
        int maxBatch,
        Duration idleTimeout,
        Optional<String> corsOrigin) {
    public ServerOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0–65535, got " + port);
        }
        if (maxBodyBytes < 1024 || maxPixels < 784 || maxBatch < 1) {
            throw new IllegalArgumentException(
                    "limits too small: body " + maxBodyBytes + " bytes, " + maxPixels + " pixels, batch " + maxBatch);
        }
    }

    /** Loopback, port 8080, bodies up to 4 MB, pictures up to 16 megapixels, batches of 256, 30 s idle. */
    public static ServerOptions defaults() {
        return new ServerOptions(
                "127.0.0.1", 8080, 4 << 20, 16_000_000L, 256, Duration.ofSeconds(30), Optional.empty());
    }

    public ServerOptions withHost(String h) {
        return new ServerOptions(h, port, maxBodyBytes, maxPixels, maxBatch, idleTimeout, corsOrigin);
    }

    public ServerOptions withPort(int p) {
        return new ServerOptions(host, p, maxBodyBytes, maxPixels, maxBatch, idleTimeout, corsOrigin);
    }

    public ServerOptions withMaxBodyBytes(int n) {
        return new ServerOptions(host, port, n, maxPixels, maxBatch, idleTimeout, corsOrigin);
    }

    public ServerOptions withIdleTimeout(Duration d) {
        return new ServerOptions(host, port, maxBodyBytes, maxPixels, maxBatch, d, corsOrigin);
    }

    public ServerOptions withCorsOrigin(String origin) {
        return new ServerOptions(
                host, port, maxBodyBytes, maxPixels, maxBatch, idleTimeout, Optional.ofNullable(origin));
    }
}
