package dev.mnist4j;

import java.util.List;
import java.util.Locale;

/** A table of the CNN's layers like {@code torchinfo.summary}: layer, output shape, parameters. */
final class SummaryTable {

    /** One row: a layer, its output shape for a batch of {@code N}, its parameter count. */
    record Layer(String name, String type, String outputShape, long parameters) {}

    static final List<Layer> LAYERS = List.of(
            new Layer("conv1", "Conv2d", "[N, 32, 26, 26]", 320),
            new Layer("relu1", "ReLU", "[N, 32, 26, 26]", 0),
            new Layer("pool1", "MaxPool2d", "[N, 32, 13, 13]", 0),
            new Layer("conv2", "Conv2d", "[N, 64, 11, 11]", 18_496),
            new Layer("relu2", "ReLU", "[N, 64, 11, 11]", 0),
            new Layer("pool2", "MaxPool2d", "[N, 64, 5, 5]", 0),
            new Layer("flatten", "Flatten", "[N, 1600]", 0),
            new Layer("fc1", "Linear", "[N, 64]", 102_464),
            new Layer("relu3", "ReLU", "[N, 64]", 0),
            new Layer("fc2", "Linear", "[N, 10]", 650));

    private SummaryTable() {}

    static long totalParameters() {
        return LAYERS.stream().mapToLong(Layer::parameters).sum();
    }

    /** The table as text, for a model running on the given backend and device. */
    static String render(String backend, String device) {
        String rule = "=".repeat(72) + "\n";
        StringBuilder sb = new StringBuilder(rule);
        sb.append(String.format(Locale.ROOT, "%-34s%-24s%14s%n", "Layer (type:depth-idx)", "Output Shape", "Param #"));
        sb.append(rule);
        sb.append(String.format(Locale.ROOT, "%-34s%-24s%14s%n", "MnistCnn", "[N, 10]", "--"));
        for (int i = 0; i < LAYERS.size(); i++) {
            Layer l = LAYERS.get(i);
            String name = (i == LAYERS.size() - 1 ? "└─" : "├─") + l.type() + ": 1-" + (i + 1) + " (" + l.name() + ")";
            String params = l.parameters() == 0 ? "--" : String.format(Locale.ROOT, "%,d", l.parameters());
            sb.append(String.format(Locale.ROOT, "%-34s%-24s%14s%n", name, l.outputShape(), params));
        }
        sb.append(rule);
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", totalParameters()));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", totalParameters()));
        sb.append("Non-trainable params: 0\n");
        sb.append("Backend: ")
                .append(backend)
                .append(", device: ")
                .append(device)
                .append('\n');
        sb.append(rule);
        return sb.toString();
    }
}
