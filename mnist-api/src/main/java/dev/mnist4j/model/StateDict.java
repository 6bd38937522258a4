package dev.mnist4j.model;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Mnist4jException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * A model's parameters by name, in order: PyTorch's {@code state_dict()} with its names and layouts
 * ({@code conv1.weight [32,1,3,3]}, …, {@code fc2.bias [10]}). Immutable: its tensors are
 * immutable and its map cannot be changed.
 */
@API(status = STABLE)
public final class StateDict {
    private final Map<String, Tensor> tensors;

    private StateDict(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** A state dict of the given tensors, in the map's iteration order. */
    public static StateDict of(Map<String, Tensor> tensors) {
        return new StateDict(new LinkedHashMap<>(tensors));
    }

    /** The tensors by name, in order; the map cannot be changed. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor called {@code name}. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new Mnist4jException("state dict has no tensor '" + name + "'; it has " + tensors.keySet());
        }
        return t;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public long parameterCount() {
        return tensors.values().stream().mapToLong(Tensor::size).sum();
    }

    /**
     * Checks this state against the tutorial's CNN: every name present, none extra, every shape
     * right, every value finite. Lists all problems at once so a user can fix them in one go.
     *
     * @throws Mnist4jException naming each problem
     */
    public StateDict requireMnistCnn() {
        List<String> problems = new java.util.ArrayList<>();
        Set<String> extra = new TreeSet<>(tensors.keySet());
        for (MnistCnn.Parameter p : MnistCnn.PARAMETERS) {
            extra.remove(p.name());
            Tensor t = tensors.get(p.name());
            if (t == null) {
                problems.add("missing tensor '" + p.name() + "' " + java.util.Arrays.toString(p.shape()));
            } else if (!t.hasShape(p.shape())) {
                problems.add("tensor '" + p.name() + "' has shape " + t.shapeString() + ", expected "
                        + java.util.Arrays.toString(p.shape()));
            } else if (t.firstNonFinite() >= 0) {
                int i = t.firstNonFinite();
                problems.add("tensor '" + p.name() + "' holds a non-finite value (" + t.get(i) + ") at index " + i);
            }
        }
        for (String e : extra) {
            problems.add("unexpected tensor '" + e + "'");
        }
        if (!problems.isEmpty()) {
            throw new Mnist4jException("state does not fit the MNIST CNN: " + String.join("; ", problems));
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateDict s && tensors.equals(s.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StateDict{");
        tensors.forEach((k, v) -> sb.append(k).append(v.shapeString()).append(", "));
        if (!tensors.isEmpty()) {
            sb.setLength(sb.length() - 2);
        }
        return sb.append('}').toString();
    }
}
