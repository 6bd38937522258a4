package dev.mnist4j.backend.onnxruntime;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.Availability;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.ModelEngine;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The backend {@value #NAME}: ONNX Runtime runs the model exported to ONNX (in memory, by the API's
 * {@code OnnxFiles}). Inference only, so it declares no training. The {@code onnxruntime} artifact
 * runs on the CPU; with {@code com.microsoft.onnxruntime:onnxruntime_gpu} in its place (and CUDA
 * and cuDNN installed), ONNX Runtime reports its CUDA execution provider and {@code cuda:N} runs on
 * GPU N. ONNX Runtime does not say how many GPUs there are, so {@code cuda:0} is listed and another
 * index is refused by ONNX Runtime when the session is made.
 */
@API(status = INTERNAL)
public final class OnnxRuntimeProvider implements BackendProvider {
    public static final String NAME = "onnxruntime";
    private static volatile Availability availability;

    @Override
    public String name() {
        return NAME;
    }

    /** Below the backends that train: asked for by name, or found when nothing else is there. */
    @Override
    public int priority() {
        return 1;
    }

    @Override
    public String version() {
        return "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion();
    }

    /** Loads ONNX Runtime's native library on first call; a failure is the reason it is unavailable. */
    @Override
    public Availability availability() {
        Availability a = availability;
        if (a == null) {
            synchronized (OnnxRuntimeProvider.class) {
                if (availability == null) {
                    availability = load();
                }
                a = availability;
            }
        }
        return a;
    }

    private static Availability load() {
        try {
            OrtEnvironment.getEnvironment();
            return Availability.AVAILABLE;
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("ONNX Runtime's native library did not load (" + e
                    + "); put com.microsoft.onnxruntime:onnxruntime on the class path, for a platform it supports");
        }
    }

    @Override
    public List<Device> devices() {
        boolean cuda = availability().available()
                && OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        return cuda ? List.of(Device.CPU, Device.cuda(0)) : List.of(Device.CPU);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.INFERENCE);
    }

    @Override
    public ModelEngine open(StateDict state, Device device, int threads) {
        return new OnnxRuntimeModel(state, device, threads);
    }
}
