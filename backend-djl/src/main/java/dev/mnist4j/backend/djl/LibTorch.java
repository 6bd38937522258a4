package dev.mnist4j.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.mnist4j.spi.Availability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads DJL's PyTorch engine once per JVM, offline. The engine is process-wide native state, so
 * this is the one place that holds it; nothing is loaded before a backend is actually used.
 */
final class LibTorch {
    static final String ENGINE = "PyTorch";
    /** Set to {@code true} to let DJL download a libtorch (e.g. a CUDA build); off by default. */
    static final String ALLOW_DOWNLOAD = "mnist4j.djl.allowDownload";

    private static final Logger LOG = LoggerFactory.getLogger(LibTorch.class);
    private static Availability availability;

    private LibTorch() {}

    /** Whether libtorch loaded, and if not, why and what to do. Loads it on first call. */
    static synchronized Availability availability() {
        if (availability == null) {
            availability = load();
        }
        return availability;
    }

    static Engine engine() {
        Availability a = availability();
        if (!a.available()) {
            throw new dev.mnist4j.core.BackendUnavailableException("backend 'djl' is unavailable: " + a.reason());
        }
        return Engine.getEngine(ENGINE);
    }

    /** libtorch's intra-op thread count is process-wide: the last model created sets it. */
    static void setThreads(int threads) {
        JniUtils.setNumThreads(threads);
    }

    /** Grad mode is per thread in libtorch; inference and optimizer updates run without it. */
    static void noGrad() {
        JniUtils.setGradMode(false);
    }

    private static Availability load() {
        if (!Boolean.getBoolean(ALLOW_DOWNLOAD)) {
            System.setProperty("ai.djl.offline", "true"); // never fetch natives or call home
        }
        System.setProperty("OPT_OUT_TRACKING", "true");
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        if (!"PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
            LOG.warn("OMP_WAIT_POLICY is not PASSIVE: libtorch's idle threads will spin, which can slow training"
                    + " many times on a busy machine; export OMP_WAIT_POLICY=PASSIVE before starting Java");
        }
        try {
            Engine engine = Engine.getEngine(ENGINE);
            LOG.debug("loaded {}", engine);
            return Availability.AVAILABLE;
        } catch (RuntimeException | LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return Availability.unavailable("libtorch (DJL's PyTorch engine) did not load: " + e.getMessage()
                    + (root != e ? " (" + root + ")" : "")
                    + ". Put ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0 and ai.djl.pytorch:pytorch-native-cpu:2.7.1"
                    + " (classifier linux-x86_64) on the classpath, or set PYTORCH_LIBRARY_PATH to a libtorch 2.7.1");
        }
    }
}
