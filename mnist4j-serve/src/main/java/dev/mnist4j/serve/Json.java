package dev.mnist4j.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Request bodies read within a limit, JSON parsed within bounds, and JSON answers. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(16)
                        .maxNumberLength(64)
                        .maxStringLength(1 << 20)
                        .build());
    }

    private Json() {}

    /** The body, or 413 once it passes {@code limit} bytes, whatever Content-Length said. */
    static byte[] body(Context ctx, int limit) {
        long declared = ctx.contentLength();
        if (declared > limit) {
            throw tooLarge(declared, limit);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] buffer = new byte[(int) Math.min(Math.max(declared, 8192), limit + 1L)];
            int n = 0;
            while (true) {
                if (n == buffer.length) {
                    if (n > limit) {
                        throw tooLarge(n, limit);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(2L * n, limit + 1L));
                }
                int r = in.read(buffer, n, buffer.length - n);
                if (r < 0) {
                    return Arrays.copyOf(buffer, n);
                }
                n += r;
            }
        } catch (IOException e) {
            throw HttpError.badRequest("could not read the request body (" + e.getMessage() + ")");
        }
    }

    private static HttpError tooLarge(long size, int limit) {
        return new HttpError(413, "the body is larger than the limit of " + limit + " bytes (" + size + " or more)");
    }

    /** The body as a JSON object, or 400 naming what is wrong with it. */
    static JsonNode object(Context ctx, int limit) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body(ctx, limit));
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw HttpError.badRequest("could not read the JSON body (" + e.getMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw HttpError.badRequest("the body must be a JSON object");
        }
        return node;
    }

    static void send(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
