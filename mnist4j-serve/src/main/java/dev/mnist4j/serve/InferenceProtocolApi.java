package dev.mnist4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist4j.DigitModel;
import dev.mnist4j.model.Logits;
import dev.mnist4j.model.MnistCnn;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol (KServe v2, also spoken by Triton and Seldon) for one model,
 * {@value #MODEL}: input {@code input} FP32 {@code [N,1,28,28]} or {@code [N,784]}, normalised as
 * the model's metadata says unless the input's parameter {@code "normalized": false} says its
 * values are pixels 0–255; outputs {@code logits} and {@code probabilities} FP32 {@code [N,10]}
 * and {@code digit} INT64 {@code [N]}.
 */
final class InferenceProtocolApi {
    static final String MODEL = "mnist";
    private static final int PIXELS = MnistCnn.IMAGE_SIZE * MnistCnn.IMAGE_SIZE;
    private static final int CLASSES = MnistCnn.CLASSES;
    private final DigitModel model;
    private final ServerOptions options;

    InferenceProtocolApi(DigitModel model, ServerOptions options) {
        this.model = model;
        this.options = options;
    }

    void server(Context ctx) {
        Json.send(ctx, 200, Map.of("name", "mnist4j", "version", DigitServer.VERSION, "extensions", List.of()));
    }

    void modelMetadata(Context ctx) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", MODEL);
        meta.put("versions", List.of("1"));
        meta.put("platform", "mnist4j/" + model.backend());
        meta.put("inputs", List.of(tensor("input", "FP32", -1, 1, 28, 28)));
        meta.put(
                "outputs",
                List.of(
                        tensor("logits", "FP32", -1, CLASSES),
                        tensor("probabilities", "FP32", -1, CLASSES),
                        tensor("digit", "INT64", -1)));
        meta.put(
                "parameters",
                Map.of(
                        "normalization", model.normalization().toString(),
                        "input",
                                "normalised as 'normalization' says; or pixels 0-255 with the input parameter"
                                        + " \"normalized\": false; shape [N,1,28,28] or [N,784]",
                        "max_batch", options.maxBatch()));
        Json.send(ctx, 200, meta);
    }

    void infer(Context ctx) {
        String type = PredictApi.mediaType(ctx);
        if (!type.equals("application/json")) {
            throw new HttpError(
                    415, "send application/json, not '" + (type.isEmpty() ? "no Content-Type" : type) + "'");
        }
        JsonNode request = Json.object(ctx, options.maxBodyBytes());
        JsonNode inputs = request.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw HttpError.badRequest("\"inputs\" must be an array with one tensor, \"input\"");
        }
        JsonNode input = inputs.get(0);
        if (!"FP32".equals(input.path("datatype").asText())) {
            throw HttpError.badRequest("input \"datatype\" must be \"FP32\", not " + input.get("datatype"));
        }
        int n = batchSize(input.get("shape"));
        float[] images = values(input.get("data"), n * PIXELS);
        if (!input.path("parameters").path("normalized").asBoolean(true)) {
            normalise(images);
        }
        float[] logits = model.logits(images, n);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("model_name", MODEL);
        answer.put("model_version", "1");
        if (request.hasNonNull("id")) {
            answer.put("id", request.get("id").asText());
        }
        answer.put("outputs", outputs(requested(request), logits, n));
        Json.send(ctx, 200, answer);
    }

    private List<String> requested(JsonNode request) {
        List<String> all = List.of("logits", "probabilities", "digit");
        JsonNode outputs = request.get("outputs");
        if (outputs == null) {
            return all;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode o : outputs) {
            String name = o.path("name").asText();
            if (!all.contains(name)) {
                throw HttpError.badRequest("unknown output '" + name + "'; the model has " + all);
            }
            names.add(name);
        }
        return names;
    }

    private static List<Map<String, Object>> outputs(List<String> names, float[] logits, int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : names) {
            switch (name) {
                case "logits" -> out.add(output("logits", "FP32", List.of(n, CLASSES), logits));
                case "probabilities" ->
                    out.add(output("probabilities", "FP32", List.of(n, CLASSES), softmax(logits, n)));
                default -> out.add(output("digit", "INT64", List.of(n), argmax(logits, n)));
            }
        }
        return out;
    }

    private int batchSize(JsonNode shape) {
        if (shape == null || !shape.isArray() || shape.size() < 2) {
            throw HttpError.badRequest("input \"shape\" must be [N,1,28,28] or [N,784], not " + shape);
        }
        List<Long> dims = new ArrayList<>();
        for (JsonNode d : shape) {
            if (!d.canConvertToLong()) {
                throw HttpError.badRequest("input \"shape\" must hold whole numbers, not " + shape);
            }
            dims.add(d.asLong());
        }
        boolean flat = dims.size() == 2 && dims.get(1) == PIXELS;
        boolean square = dims.size() == 4 && dims.get(1) == 1 && dims.get(2) == 28 && dims.get(3) == 28;
        if (!flat && !square) {
            throw HttpError.badRequest("input \"shape\" must be [N,1,28,28] or [N,784], not " + shape);
        }
        long n = dims.get(0);
        if (n < 1 || n > options.maxBatch()) {
            throw HttpError.badRequest("the batch size N must be 1-" + options.maxBatch() + ", not " + n);
        }
        return (int) n;
    }

    /** The tensor's values, flat or nested row by row, as exactly {@code expected} finite numbers. */
    private static float[] values(JsonNode data, int expected) {
        if (data == null || !data.isArray()) {
            throw HttpError.badRequest("input \"data\" must be an array of numbers");
        }
        float[] out = new float[expected];
        int[] count = {0};
        flatten(data, out, count);
        if (count[0] != expected) {
            throw HttpError.badRequest("input \"data\" holds " + count[0] + " values; the shape needs " + expected);
        }
        return out;
    }

    private static void flatten(JsonNode node, float[] out, int[] count) {
        for (JsonNode v : node) {
            if (v.isArray()) {
                flatten(v, out, count);
            } else if (v.isNumber() && Double.isFinite(v.asDouble())) {
                if (count[0] < out.length) {
                    out[count[0]] = (float) v.asDouble();
                }
                count[0]++;
            } else {
                throw HttpError.badRequest("input \"data\" must hold only finite numbers, not " + v);
            }
        }
    }

    private void normalise(float[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i] < 0 || pixels[i] > 255) {
                throw HttpError.badRequest("with \"normalized\": false, values must be pixels 0-255, not " + pixels[i]);
            }
            pixels[i] = model.normalization().apply(Math.round(pixels[i]));
        }
    }

    private static float[] softmax(float[] logits, int n) {
        float[] p = new float[logits.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(Logits.softmax(logits, i), 0, p, i * CLASSES, CLASSES);
        }
        return p;
    }

    private static long[] argmax(float[] logits, int n) {
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = Logits.argmax(logits, i);
        }
        return d;
    }

    private static Map<String, Object> tensor(String name, String datatype, long... shape) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("datatype", datatype);
        t.put("shape", shape);
        return t;
    }

    private static Map<String, Object> output(String name, String datatype, List<Integer> shape, Object data) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("datatype", datatype);
        t.put("shape", shape);
        t.put("data", data);
        return t;
    }
}
