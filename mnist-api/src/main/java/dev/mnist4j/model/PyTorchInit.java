package dev.mnist4j.model;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * The one seeded initialiser every backend starts from: PyTorch's default init for Conv2d and
 * Linear ({@code kaiming_uniform_(a=√5)} for weights, which is U(−1/√fan_in, 1/√fan_in), and the
 * same bound for biases). It draws from its own generator, not PyTorch's, so the numbers differ
 * from {@code torch.manual_seed}; what matters is that every backend gets the same ones.
 */
@API(status = STABLE)
public final class PyTorchInit {
    private PyTorchInit() {}

    public static StateDict initialState(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (MnistCnn.Parameter p : MnistCnn.PARAMETERS) {
            double bound = 1.0 / Math.sqrt(p.fanIn());
            float[] data = new float[p.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) random.nextDouble(-bound, bound);
            }
            tensors.put(p.name(), new Tensor(p.shape(), data));
        }
        return StateDict.of(tensors);
    }
}
