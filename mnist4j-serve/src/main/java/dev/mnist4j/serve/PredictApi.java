package dev.mnist4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist4j.DigitModel;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.predict.ImageFileException;
import dev.mnist4j.predict.ImageFiles;
import dev.mnist4j.predict.ImagePreprocessing;
import dev.mnist4j.predict.Prediction;
import dev.mnist4j.predict.Predictor;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/predict}: a PNG or JPEG (made MNIST-like as {@code mnist4j predict} does) or
 * {@code {"pixels":[784 values 0–255]}}; and {@code GET /api/model}, the model's metadata.
 */
final class PredictApi {
    private static final int PIXELS = MnistCnn.IMAGE_SIZE * MnistCnn.IMAGE_SIZE;
    private final DigitModel model;
    private final Predictor predictor;
    private final ServerOptions options;

    PredictApi(DigitModel model, ServerOptions options) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.options = options;
    }

    void predict(Context ctx) {
        String type = mediaType(ctx);
        long start = System.nanoTime();
        int[] pixels = switch (type) {
            case "image/png", "image/jpeg" -> fromPicture(Json.body(ctx, options.maxBodyBytes()), type);
            case "application/json" -> fromJson(Json.object(ctx, options.maxBodyBytes()));
            default ->
                throw new HttpError(
                        415,
                        "send image/png, image/jpeg or application/json {\"pixels\":[784 values 0-255]}, not '"
                                + (type.isEmpty() ? "no Content-Type" : type) + "'");
        };
        Prediction p = predictor.predict(pixels);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("digit", p.digit());
        answer.put("probabilities", p.probabilities());
        answer.put("backend", model.backend());
        answer.put("millis", Math.round((System.nanoTime() - start) / 1e4) / 100.0);
        answer.put("image", pixels); // the 28×28 the model saw, row by row
        Json.send(ctx, 200, answer);
    }

    void metadata(Context ctx) {
        Map<String, Object> answer = new LinkedHashMap<>(model.metadata());
        answer.put("backend", model.backend());
        answer.put("device", model.device().toString());
        answer.put("threads", model.threads());
        answer.put("normalization", model.normalization().toString());
        Json.send(ctx, 200, answer);
    }

    static String mediaType(Context ctx) {
        String header = ctx.header("Content-Type");
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private int[] fromPicture(byte[] body, String type) {
        try {
            return ImagePreprocessing.MNIST.toPixels(
                    ImageFiles.read(body, "the " + type + " body", options.maxPixels()));
        } catch (ImageFileException | IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static int[] fromJson(JsonNode body) {
        JsonNode values = body.get("pixels");
        if (values == null || !values.isArray()) {
            throw HttpError.badRequest("the JSON body must be {\"pixels\":[784 values 0-255]}");
        }
        if (values.size() != PIXELS) {
            throw HttpError.badRequest("\"pixels\" must hold 784 values (28×28, row by row), not " + values.size());
        }
        int[] pixels = new int[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            JsonNode v = values.get(i);
            if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 255) {
                throw HttpError.badRequest("\"pixels\"[" + i + "] must be a number 0-255, not " + v);
            }
            pixels[i] = (int) Math.round(v.asDouble());
        }
        return pixels;
    }
}
