package dev.mnist4j.serve;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mnist4j.DigitModel;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.sse.SseClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server (Javalin on Jetty) around a model and, optionally, a training run:
 *
 * <ul>
 *   <li>{@code /}: a page to draw a digit on, with the ten probabilities as you draw;
 *   <li>{@code /dashboard}: a training run as it goes (when there is a {@link TrainingFeed});
 *   <li>{@code POST /api/predict}, {@code GET /api/model};
 *   <li>the Open Inference Protocol: {@code GET /v2/health/live}, {@code /v2/health/ready},
 *       {@code /v2/models/mnist}, {@code POST /v2/models/mnist/infer}.
 * </ul>
 *
 * <p>Bad requests get 400, 413 or 415 with {@code {"error": "..."}}; requests run on Jetty's
 * threads and share one thread-safe predictor.
 */
@API(status = EXPERIMENTAL)
public final class DigitServer implements AutoCloseable {
    static final String VERSION = versionOf(DigitServer.class);
    private static final Logger LOG = LoggerFactory.getLogger(DigitServer.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);

    private final Javalin app;
    private final String host;

    private DigitServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /**
     * Starts a server for {@code model} (may be {@code null}: then only the dashboard answers) and
     * {@code feed} (may be {@code null}: then the dashboard says no training is running).
     *
     * @throws IllegalStateException if the port cannot be bound, naming it
     */
    public static DigitServer start(ServerOptions options, DigitModel model, TrainingFeed feed) {
        if (model == null && feed == null) {
            throw new IllegalArgumentException("give a model, a training feed, or both");
        }
        StaticPages pages = new StaticPages();
        PredictApi predict = model == null ? null : new PredictApi(model, options);
        InferenceProtocolApi oip = model == null ? null : new InferenceProtocolApi(model, options);
        Javalin app = Javalin.create(config -> {
            configure(config, options);
            for (String path : StaticPages.FILES.keySet()) {
                config.routes.get(path, pages::serve);
            }
            config.routes.get("/api/model", ctx -> need(predict).metadata(ctx));
            config.routes.post("/api/predict", ctx -> need(predict).predict(ctx));
            config.routes.get("/v2", ctx -> need(oip).server(ctx));
            config.routes.get("/v2/health/live", ctx -> Json.send(ctx, 200, Map.of("live", true)));
            config.routes.get("/v2/health/ready", ctx -> Json.send(ctx, 200, Map.of("ready", model != null)));
            config.routes.get("/v2/models/mnist", ctx -> need(oip).modelMetadata(ctx));
            config.routes.get(
                    "/v2/models/mnist/ready",
                    ctx -> Json.send(ctx, model != null ? 200 : 503, Map.of("name", "mnist", "ready", model != null)));
            config.routes.post("/v2/models/mnist/infer", ctx -> need(oip).infer(ctx));
            config.routes.get("/api/training", ctx -> Json.send(ctx, 200, Map.of("running", feed != null)));
            config.routes.sse("/api/training/events", client -> follow(client, feed));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot listen on " + options.host() + ":" + options.port() + " (" + e.getMessage()
                            + "); choose another --port or stop what uses it",
                    e);
        }
        return new DigitServer(app, options.host());
    }

    private static void configure(JavalinConfig config, ServerOptions options) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = options.maxBodyBytes();
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(options.host());
            connector.setPort(options.port());
            connector.setIdleTimeout(options.idleTimeout().toMillis());
            return connector;
        });
        options.corsOrigin()
                .ifPresent(origin -> config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    rule.allowHost(origin);
                })));
        config.routes.exception(
                HttpError.class, (e, ctx) -> Json.send(ctx, e.status(), Map.of("error", e.getMessage())));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            Json.send(ctx, 500, Map.of("error", "the server failed on this request: " + e));
        });
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().startsWith("Endpoint ")) {
                Json.send(ctx, 404, Map.of("error", "no such page or API: " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    private static <T> T need(T api) {
        if (api == null) {
            throw new HttpError(503, "no model is loaded: this server shows a training run (see /dashboard)");
        }
        return api;
    }

    /** Sends the run's events, from the first, then each as it comes; keeps the stream alive. */
    private static void follow(SseClient client, TrainingFeed feed) {
        client.keepAlive();
        if (feed == null) {
            client.sendEvent("none", "{\"message\":\"no training run on this server\"}");
            return;
        }
        int next = 0;
        try {
            while (!client.terminated()) {
                List<TrainingFeed.Event> events = feed.since(next, KEEP_ALIVE);
                if (events.isEmpty()) {
                    client.sendComment("keep-alive");
                }
                for (TrainingFeed.Event e : events) {
                    client.sendEvent(e.type(), e.json());
                }
                next += events.size();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:8080/}. */
    public URI address() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + app.port() + "/");
    }

    /** The port it listens on (the one chosen, when 0 was asked for). */
    public int port() {
        return app.port();
    }

    /** Stops listening and closes open connections. */
    @Override
    public void close() {
        app.stop();
    }

    private static String versionOf(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
