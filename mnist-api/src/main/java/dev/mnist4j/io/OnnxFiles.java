package dev.mnist4j.io;

import static org.apiguardian.api.API.Status.STABLE;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The tutorial's CNN as an ONNX model (opset 13): {@code Conv → Relu → MaxPool → Conv → Relu →
 * MaxPool → Flatten → Gemm → Relu → Gemm}, input {@code input} float32 {@code [N,1,28,28]} with
 * {@code N} dynamic, output {@code logits} {@code [N,10]}, the weights as initializers named as in
 * PyTorch's state_dict, and the model's metadata (normalisation, provenance) as metadata properties.
 * Written with ONNX's own generated protobuf classes. Reading accepts that graph as mnist4j writes
 * it or as {@code torch.onnx.export} writes the tutorial's model (Flatten or a Reshape to
 * {@code [-1,1600]}); any other graph is refused, naming what does not match.
 */
@API(status = STABLE)
public final class OnnxFiles {
    /** ONNX files larger than this are refused before parsing: the CNN's is half a megabyte. */
    public static final long MAX_BYTES = 64L << 20;

    private static final int OPSET = 13;
    private static final long IR_VERSION = 7; // the IR of opset 13's ONNX release (1.8)

    private OnnxFiles() {}

    /** The model as ONNX bytes. */
    public static byte[] toBytes(StateDict state, Map<String, String> metadata) {
        state.requireMnistCnn();
        GraphProto.Builder g = GraphProto.newBuilder().setName("mnist4j-cnn");
        for (MnistCnn.Parameter p : MnistCnn.PARAMETERS) {
            g.addInitializer(initializer(p.name(), state.get(p.name())));
        }
        String x = "input";
        x = node(g, "Conv", "conv1", List.of(x, "conv1.weight", "conv1.bias"), conv());
        x = node(g, "Relu", "relu1", List.of(x), List.of());
        x = node(g, "MaxPool", "pool1", List.of(x), pool());
        x = node(g, "Conv", "conv2", List.of(x, "conv2.weight", "conv2.bias"), conv());
        x = node(g, "Relu", "relu2", List.of(x), List.of());
        x = node(g, "MaxPool", "pool2", List.of(x), pool());
        x = node(g, "Flatten", "flatten", List.of(x), List.of(ints("axis", 1)));
        x = node(g, "Gemm", "fc1", List.of(x, "fc1.weight", "fc1.bias"), List.of(ints("transB", 1)));
        x = node(g, "Relu", "relu3", List.of(x), List.of());
        g.addNode(NodeProto.newBuilder()
                .setName("fc2")
                .setOpType("Gemm")
                .addAllInput(List.of(x, "fc2.weight", "fc2.bias"))
                .addOutput("logits")
                .addAttribute(ints("transB", 1)));
        g.addInput(value("input", "N", 1, 28, 28));
        g.addOutput(value("logits", "N", MnistCnn.CLASSES));
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("mnist4j")
                .setDomain("dev.mnist4j")
                .setModelVersion(1)
                .setDocString("The PyTorch tutorial's MNIST CNN (121,930 parameters): logits of 28×28 images,"
                        + " normalised as the metadata property 'normalization' says.")
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g);
        metadata.forEach((k, v) -> m.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build().toByteArray();
    }

    /** Writes the model atomically: a crash leaves the old file or the new one, never a part. */
    public static void write(Path file, StateDict state, Map<String, String> metadata) {
        byte[] bytes = toBytes(state, metadata);
        try {
            AtomicFile.write(file, bytes);
        } catch (IOException e) {
            throw new ModelFileException("cannot write ONNX file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an ONNX file of the tutorial's CNN: its initializers as the state (PyTorch's names), its
     * metadata properties as metadata.
     *
     * @throws ModelFileException naming the file and what is wrong or does not match
     */
    public static TensorFile read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ModelFileException(file + ": " + size + " bytes is more than the " + MAX_BYTES
                        + " an ONNX file of the MNIST CNN needs; refusing to parse it");
            }
            return parse(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new ModelFileException("model file " + file + " does not exist");
        } catch (IOException e) {
            throw new ModelFileException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #read}, from bytes; {@code source} names them in errors. */
    public static TensorFile parse(byte[] bytes, String source) {
        if (bytes.length > MAX_BYTES) {
            throw new ModelFileException(source + ": more than " + MAX_BYTES + " bytes; refusing to parse it");
        }
        ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(bytes.length);
            in.setRecursionLimit(32); // ONNX nests graphs in attributes; this CNN's is flat
            model = ModelProto.parseFrom(in);
        } catch (IOException | RuntimeException e) { // InvalidProtocolBufferException is an IOException
            throw new ModelFileException(source + ": not a valid ONNX file (" + e.getMessage() + ")", e);
        }
        try {
            Map<String, Tensor> tensors = new Matcher(model.getGraph()).match();
            Map<String, String> metadata = new LinkedHashMap<>();
            model.getMetadataPropsList().forEach(p -> metadata.put(p.getKey(), p.getValue()));
            return new TensorFile(tensors, metadata);
        } catch (Mnist4jException e) {
            throw new ModelFileException(source + ": " + e.getMessage(), e);
        }
    }

    // ---- writing

    private static String node(
            GraphProto.Builder g, String op, String name, List<String> inputs, List<AttributeProto> attributes) {
        String out = name + "_out";
        g.addNode(NodeProto.newBuilder()
                .setName(name)
                .setOpType(op)
                .addAllInput(inputs)
                .addOutput(out)
                .addAllAttribute(attributes));
        return out;
    }

    private static List<AttributeProto> conv() {
        return List.of(ints("kernel_shape", 3, 3), ints("strides", 1, 1), ints("pads", 0, 0, 0, 0));
    }

    private static List<AttributeProto> pool() {
        return List.of(ints("kernel_shape", 2, 2), ints("strides", 2, 2));
    }

    /** An integer attribute: one value ({@code INT}) or several ({@code INTS}). */
    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (values.length == 1) {
            return a.setType(AttributeProto.AttributeType.INT).setI(values[0]).build();
        }
        a.setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static TensorProto initializer(String name, Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(t.data());
        TensorProto.Builder p = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(b.array()));
        for (int d : t.shape()) {
            p.addDims(d);
        }
        return p.build();
    }

    /** A float32 tensor value: a dimension named {@code batch} (dynamic), then fixed ones. */
    private static ValueInfoProto value(String name, String batch, int... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (int d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                                .setShape(shape)))
                .build();
    }

    // ---- reading

    /**
     * Walks the graph from its input, node after node, expecting the tutorial's CNN, and collects the
     * weights each layer reads, under PyTorch's names.
     */
    private static final class Matcher {
        private final GraphProto graph;
        private final Map<String, TensorProto> initializers = new HashMap<>();
        private final Map<String, NodeProto> constants = new HashMap<>();
        private final Map<String, List<NodeProto>> consumers = new HashMap<>();
        private final Map<String, Tensor> out = new LinkedHashMap<>();
        private int step;

        Matcher(GraphProto graph) {
            this.graph = graph;
            graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
            for (NodeProto n : graph.getNodeList()) {
                if (n.getOpType().equals("Constant")) {
                    n.getOutputList().forEach(o -> constants.put(o, n));
                }
                for (String in : n.getInputList()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }

        Map<String, Tensor> match() {
            List<ValueInfoProto> inputs = graph.getInputList().stream()
                    .filter(v -> !initializers.containsKey(v.getName()))
                    .toList();
            if (inputs.size() != 1) {
                throw new Mnist4jException("the graph has " + inputs.size()
                        + " inputs that are not weights; the MNIST CNN has one, the images [N,1,28,28]");
            }
            requireImageInput(inputs.get(0));
            String x = inputs.get(0).getName();
            x = layer(x, "Conv", "conv1");
            x = layer(x, "Relu", null);
            x = layer(x, "MaxPool", null);
            x = layer(x, "Conv", "conv2");
            x = layer(x, "Relu", null);
            x = layer(x, "MaxPool", null);
            x = layer(x, "Flatten", null);
            x = layer(x, "Gemm", "fc1");
            x = layer(x, "Relu", null);
            x = layer(x, "Gemm", "fc2");
            List<String> outputs =
                    graph.getOutputList().stream().map(ValueInfoProto::getName).toList();
            if (!outputs.equals(List.of(x))) {
                throw new Mnist4jException("the graph's outputs are " + outputs + "; the MNIST CNN's one output is"
                        + " fc2's logits (" + x + ")");
            }
            StateDict.of(out).requireMnistCnn();
            return out;
        }

        private void requireImageInput(ValueInfoProto input) {
            TypeProto.Tensor t = input.getType().getTensorType();
            List<TensorShapeProto.Dimension> dims = t.getShape().getDimList();
            boolean ok = t.getElemType() == TensorProto.DataType.FLOAT.getNumber()
                    && dims.size() == 4
                    && dims.get(1).getDimValue() == 1
                    && dims.get(2).getDimValue() == 28
                    && dims.get(3).getDimValue() == 28;
            if (!ok) {
                throw new Mnist4jException("the input '" + input.getName() + "' is not float32 [N,1,28,28]");
            }
        }

        /** The node that reads {@code x} must be {@code op}; returns its output. */
        private String layer(String x, String op, String weights) {
            step++;
            List<NodeProto> next = consumers.getOrDefault(x, List.of());
            if (next.size() != 1) {
                throw new Mnist4jException("step " + step + " (" + op + "): '" + x + "' is read by " + next.size()
                        + " nodes; the MNIST CNN is one chain of nodes");
            }
            NodeProto n = next.get(0);
            boolean flatten = op.equals("Flatten") && n.getOpType().equals("Reshape");
            if (!n.getOpType().equals(op) && !flatten) {
                throw new Mnist4jException("step " + step + ": node '" + n.getName() + "' is " + n.getOpType()
                        + ", the MNIST CNN has " + op + " there (conv1, relu, pool, conv2, relu, pool, flatten,"
                        + " fc1, relu, fc2)");
            }
            switch (op) {
                case "Conv" -> {
                    requireAttribute(n, "kernel_shape", List.of(3L, 3L), null);
                    requireAttribute(n, "strides", List.of(1L, 1L), List.of(1L, 1L));
                    requireAttribute(n, "dilations", List.of(1L, 1L), List.of(1L, 1L));
                    requireAttribute(n, "pads", List.of(0L, 0L, 0L, 0L), List.of(0L, 0L, 0L, 0L));
                    requireAttribute(n, "group", List.of(1L), List.of(1L));
                    weights(n, weights, false);
                }
                case "MaxPool" -> {
                    requireAttribute(n, "kernel_shape", List.of(2L, 2L), null);
                    requireAttribute(n, "strides", List.of(2L, 2L), List.of(1L, 1L));
                    requireAttribute(n, "pads", List.of(0L, 0L, 0L, 0L), List.of(0L, 0L, 0L, 0L));
                    requireAttribute(n, "ceil_mode", List.of(0L), List.of(0L));
                }
                case "Flatten" -> {
                    if (flatten) {
                        requireReshapeTo1600(n);
                    } else {
                        requireAttribute(n, "axis", List.of(1L), List.of(1L));
                    }
                }
                case "Gemm" -> {
                    requireAttribute(n, "transA", List.of(0L), List.of(0L));
                    requireFloatAttribute(n, "alpha");
                    requireFloatAttribute(n, "beta");
                    long transB = attribute(n, "transB", List.of(0L)).get(0);
                    weights(n, weights, transB == 0);
                }
                default -> {}
            }
            if (n.getOutputCount() != 1) {
                throw new Mnist4jException("step " + step + ": " + op + " node '" + n.getName() + "' has "
                        + n.getOutputCount() + " outputs, expected 1");
            }
            return n.getOutput(0);
        }

        /** The layer's weight and bias initializers, as {@code name.weight} and {@code name.bias}. */
        private void weights(NodeProto n, String name, boolean transposed) {
            if (n.getInputCount() != 3) {
                throw new Mnist4jException("step " + step + ": " + n.getOpType() + " node '" + n.getName() + "' has "
                        + n.getInputCount() + " inputs; " + name + " needs its weight and bias");
            }
            Tensor w = tensor(n.getInput(1), name + ".weight");
            if (transposed) { // Gemm with transB = 0 holds the weight as [in, out]; PyTorch's is [out, in]
                int[] s = w.shape();
                float[] d = w.data();
                float[] t = new float[d.length];
                for (int i = 0; i < s[0]; i++) {
                    for (int j = 0; j < s[1]; j++) {
                        t[j * s[0] + i] = d[i * s[1] + j];
                    }
                }
                w = new Tensor(new int[] {s[1], s[0]}, t);
            }
            out.put(name + ".weight", w);
            out.put(name + ".bias", tensor(n.getInput(2), name + ".bias"));
        }

        private Tensor tensor(String input, String what) {
            TensorProto t = initializers.get(input);
            if (t == null) {
                throw new Mnist4jException(
                        what + " ('" + input + "') is not an initializer; the weights must be" + " stored in the file");
            }
            if (t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
                throw new Mnist4jException(what + " ('" + input + "') is of ONNX data type " + t.getDataType()
                        + "; mnist4j reads float32 (1)");
            }
            int[] shape = t.getDimsList().stream().mapToInt(Long::intValue).toArray();
            long count = Tensor.elementCount(shape);
            if (count > MnistCnn.PARAMETER_COUNT) {
                throw new Mnist4jException(
                        what + " has shape " + Arrays.toString(shape) + ", larger than the whole" + " MNIST CNN");
            }
            float[] data = new float[(int) count];
            if (!t.getRawData().isEmpty()) {
                if (t.getRawData().size() != count * 4) {
                    throw new Mnist4jException(what + " of shape " + Arrays.toString(shape) + " needs " + count * 4
                            + " bytes of raw data, has " + t.getRawData().size());
                }
                t.getRawData()
                        .asReadOnlyByteBuffer()
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(data);
            } else if (t.getFloatDataCount() == count) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = t.getFloatData(i);
                }
            } else {
                throw new Mnist4jException(what + " of shape " + Arrays.toString(shape) + " holds "
                        + t.getFloatDataCount() + " values, expected " + count);
            }
            return new Tensor(shape, data);
        }

        private void requireReshapeTo1600(NodeProto n) {
            String shapeName = n.getInputCount() == 2 ? n.getInput(1) : "";
            TensorProto shape = initializers.get(shapeName);
            if (shape == null && constants.containsKey(shapeName)) {
                shape = constants.get(shapeName).getAttributeList().stream()
                        .filter(a -> a.getName().equals("value"))
                        .map(AttributeProto::getT)
                        .findFirst()
                        .orElse(null);
            }
            List<Long> dims = shape == null ? List.of() : longs(shape);
            if (!(dims.equals(List.of(-1L, 1600L)) || dims.equals(List.of(0L, 1600L)))) {
                throw new Mnist4jException("step " + step + ": Reshape node '" + n.getName() + "' reshapes to " + dims
                        + "; the MNIST CNN flattens to [-1, 1600]");
            }
        }

        private static List<Long> longs(TensorProto t) {
            if (t.getDataType() != TensorProto.DataType.INT64.getNumber()) {
                return List.of();
            }
            if (!t.getRawData().isEmpty()) {
                ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                List<Long> out = new ArrayList<>();
                while (b.remaining() >= 8 && out.size() < 8) {
                    out.add(b.getLong());
                }
                return out;
            }
            return t.getInt64DataList();
        }

        private List<Long> attribute(NodeProto n, String name, List<Long> fallback) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals(name)) {
                    return a.getType() == AttributeProto.AttributeType.INT ? List.of(a.getI()) : a.getIntsList();
                }
            }
            return fallback;
        }

        private void requireAttribute(NodeProto n, String name, List<Long> expected, List<Long> fallback) {
            List<Long> actual = attribute(n, name, fallback);
            if (!expected.equals(actual)) {
                throw new Mnist4jException("step " + step + ": " + n.getOpType() + " node '" + n.getName() + "' has "
                        + name + " " + (actual == null ? "missing" : actual) + ", the MNIST CNN's is " + expected);
            }
        }

        private void requireFloatAttribute(NodeProto n, String name) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals(name) && a.getF() != 1f) {
                    throw new Mnist4jException("step " + step + ": Gemm node '" + n.getName() + "' has " + name + " "
                            + a.getF() + ", the MNIST CNN's is 1");
                }
            }
        }
    }
}
