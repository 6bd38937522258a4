package dev.mnist4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Every mnist4j jar names its module, so it has a stable name on the module path. */
class ModuleNamesTest {
    private static final Map<String, String> MODULES = Map.of(
            "dev.mnist4j.Backends", "dev.mnist4j",
            "dev.mnist4j.tck.BackendConformanceKit", "dev.mnist4j.tck",
            "dev.mnist4j.backend.cpuref.CpuRefProvider", "dev.mnist4j.backend.cpuref",
            "dev.mnist4j.backend.djl.DjlProvider", "dev.mnist4j.backend.djl",
            "dev.mnist4j.backend.dl4j.Dl4jProvider", "dev.mnist4j.backend.dl4j",
            "dev.mnist4j.backend.onnxruntime.OnnxRuntimeProvider", "dev.mnist4j.backend.onnxruntime",
            "dev.mnist4j.serve.DigitServer", "dev.mnist4j.serve",
            "dev.mnist4j.cli.Mnist4j", "dev.mnist4j.cli",
            "dev.mnist4j.examples.LibraryExample", "dev.mnist4j.examples");

    @Test
    void everyJarHasAnAutomaticModuleName() throws Exception {
        int jars = 0;
        for (Map.Entry<String, String> e : MODULES.entrySet()) {
            Path where = Path.of(Class.forName(e.getKey())
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (where.toString().endsWith(".jar")) {
                jars++;
                try (JarFile jar = new JarFile(where.toFile())) {
                    assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                            .as(where.toString())
                            .isEqualTo(e.getValue());
                }
            }
        }
        assumeTrue(jars == MODULES.size(), "the modules are class directories here, not jars: run mvn verify");
    }

    @Test
    void theEmbeddedDataJarNamesItsModuleToo() throws Exception {
        Path where = Path.of(getClass()
                .getClassLoader()
                .getResource("dev/mnist4j/data/mnist/t10k-labels-idx1-ubyte.gz")
                .toURI()
                .getSchemeSpecificPart()
                .replaceFirst("^file:", "")
                .replaceFirst("!.*$", ""));
        assumeTrue(where.toString().endsWith(".jar"), "mnist-data is a class directory here: run mvn verify");
        try (JarFile jar = new JarFile(where.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                    .isEqualTo("dev.mnist4j.mnistdata");
        }
    }
}
