package dev.mnist4j.backend.dl4j;

import dev.mnist4j.core.Device;
import dev.mnist4j.spi.Availability;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's native backend, loaded once per JVM on first use: the CPU one ({@code nd4j-native}) or,
 * with the {@code dl4j-cuda} build profile, the CUDA one. Loading is process-wide native state,
 * so this is the one place that touches it.
 */
final class Nd4jRuntime {
    private static Availability availability;

    private Nd4jRuntime() {}

    static synchronized Availability availability() {
        if (availability == null) {
            availability = load();
        }
        return availability;
    }

    private static Availability load() {
        try {
            Nd4j.getBackend(); // loads libnd4j and OpenBLAS through JavaCPP
            return Availability.AVAILABLE;
        } catch (RuntimeException | LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return Availability.unavailable("ND4J's native backend did not load: " + e
                    + (root != e ? " (caused by " + root + ")" : "")
                    + ". Put org.nd4j:nd4j-native:1.0.0-M2.1 with classifier linux-x86_64 (and JavaCPP's and"
                    + " OpenBLAS's linux-x86_64 jars) on the classpath");
        }
    }

    static boolean isCuda() {
        return Nd4j.getBackend()
                .getClass()
                .getSimpleName()
                .toLowerCase(java.util.Locale.ROOT)
                .contains("cuda");
    }

    /** The CPU backend offers the CPU; the CUDA backend offers its GPUs and no CPU. */
    static List<Device> devices() {
        if (!isCuda()) {
            return List.of(Device.CPU);
        }
        List<Device> gpus = new ArrayList<>();
        int n = Nd4j.getAffinityManager().getNumberOfDevices();
        for (int i = 0; i < n; i++) {
            gpus.add(Device.cuda(i));
        }
        return gpus;
    }

    /** ND4J's and OpenBLAS's thread counts are process-wide: the last model created sets them. */
    static void setThreads(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    static void useDevice(Device device) {
        if (device.kind() == Device.Kind.CUDA) {
            Nd4j.getAffinityManager().unsafeSetDevice(device.index());
        }
    }
}
