package dev.mnist4j.backend.cpuref;

import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CNN's eight tensors as flat arrays in PyTorch's layouts, indexed in {@link MnistCnn#PARAMETERS}
 * order, plus the transposed fully-connected weights the forward pass multiplies with.
 */
final class Parameters {
    static final int CONV1_W = 0;
    static final int CONV1_B = 1;
    static final int CONV2_W = 2;
    static final int CONV2_B = 3;
    static final int FC1_W = 4;
    static final int FC1_B = 5;
    static final int FC2_W = 6;
    static final int FC2_B = 7;
    static final int COUNT = 8;

    final float[][] values = new float[COUNT][];
    /** fc1.weightᵀ [1600×64] and fc2.weightᵀ [64×10], kept in step with the weights. */
    final float[] fc1WeightT = new float[MnistCnn.FLAT_FEATURES * 64];
    final float[] fc2WeightT = new float[64 * MnistCnn.CLASSES];

    Parameters(StateDict state) {
        for (int i = 0; i < COUNT; i++) {
            values[i] = new float[MnistCnn.PARAMETERS.get(i).size()];
        }
        load(state);
    }

    /** Zero-filled arrays shaped like the parameters, e.g. for gradients. */
    static float[][] zerosLike() {
        float[][] z = new float[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            z[i] = new float[MnistCnn.PARAMETERS.get(i).size()];
        }
        return z;
    }

    /** Copies a checked state in. */
    void load(StateDict state) {
        for (int i = 0; i < COUNT; i++) {
            float[] src = state.tensors().get(MnistCnn.PARAMETERS.get(i).name()).data();
            System.arraycopy(src, 0, values[i], 0, src.length);
        }
        changed();
    }

    StateDict toStateDict() {
        return asStateDict(values);
    }

    /** Arrays laid out like the parameters (weights, gradients, optimizer buffers) as a state dict copy. */
    static StateDict asStateDict(float[][] arrays) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (int i = 0; i < COUNT; i++) {
            MnistCnn.Parameter p = MnistCnn.PARAMETERS.get(i);
            map.put(p.name(), new Tensor(p.shape(), arrays[i]));
        }
        return StateDict.of(map);
    }

    /** The reverse of {@link #asStateDict}: fresh arrays from a checked state. */
    static float[][] arraysOf(StateDict state) {
        float[][] out = new float[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            out[i] = state.tensors().get(MnistCnn.PARAMETERS.get(i).name()).data().clone();
        }
        return out;
    }

    /** Call after any change to the weights. */
    void changed() {
        Gemm.transpose(values[FC1_W], 64, MnistCnn.FLAT_FEATURES, fc1WeightT);
        Gemm.transpose(values[FC2_W], MnistCnn.CLASSES, 64, fc2WeightT);
    }
}
