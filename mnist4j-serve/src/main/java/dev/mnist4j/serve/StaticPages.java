package dev.mnist4j.serve;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page's files, served from the jar by name. Only the files listed here are served, so no
 * path can reach anything else.
 */
final class StaticPages {
    private static final String FOLDER = "/dev/mnist4j/serve/web/";
    static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/dashboard", "dashboard.html",
            "/dashboard.html", "dashboard.html",
            "/draw.js", "draw.js",
            "/dashboard.js", "dashboard.js",
            "/charts.js", "charts.js",
            "/style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final Map<String, byte[]> content = new java.util.HashMap<>();

    StaticPages() {
        for (String name : FILES.values()) {
            try (InputStream in = StaticPages.class.getResourceAsStream(FOLDER + name)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks " + FOLDER + name);
                }
                content.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void serve(Context ctx) {
        String name = FILES.get(ctx.path());
        String extension = name.substring(name.lastIndexOf('.') + 1);
        ctx.contentType(TYPES.get(extension))
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .result(content.get(name));
    }
}
