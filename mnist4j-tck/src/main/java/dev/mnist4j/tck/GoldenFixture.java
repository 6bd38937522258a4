package dev.mnist4j.tck;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mnist4j.data.Batch;
import dev.mnist4j.io.TensorFile;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Real PyTorch's numbers for the tutorial's CNN (made with PyTorch 1.13):
 * weights of its default init under {@code torch.manual_seed(0)}, 16 normalised MNIST test images,
 * their labels, logits, mean loss, every gradient, and the parameters after two steps of SGD,
 * SGD with momentum 0.9, Adam, SGD with momentum and weight decay 0.5, and AdamW with weight decay
 * 0.5. Made by {@code scripts/make_golden_fixture.py}, which {@code .ci/run} runs to check that
 * PyTorch reproduces it.
 */
@API(status = EXPERIMENTAL)
public final class GoldenFixture {
    private static final String RESOURCE = "dev/mnist4j/tck/pytorch-golden.safetensors";
    private final Map<String, Tensor> tensors;

    private GoldenFixture(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    public static GoldenFixture load() {
        try (InputStream in = GoldenFixture.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the test classpath");
            }
            return new GoldenFixture(
                    TensorFile.parseSafetensors(in.readAllBytes(), RESOURCE).tensors());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parameters under {@code prefix} (e.g. {@code "grad."}, {@code "after2_sgd."}, or {@code ""}). */
    public StateDict state(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (MnistCnn.Parameter p : MnistCnn.PARAMETERS) {
            out.put(p.name(), tensors.get(prefix + p.name()));
        }
        return StateDict.of(out);
    }

    public StateDict weights() {
        return state("");
    }

    public int count() {
        return labels().length;
    }

    public float[] input() {
        return tensors.get("input").data();
    }

    public int[] labels() {
        float[] f = tensors.get("labels").data();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Math.round(f[i]);
        }
        return out;
    }

    public float[] logits() {
        return tensors.get("logits").data();
    }

    public float loss() {
        return tensors.get("loss").get(0);
    }

    public Batch batch() {
        return new Batch(0, count(), input(), labels());
    }
}
