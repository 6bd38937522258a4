package dev.mnist4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swapping a backend is swapping a jar: the same {@link SameApp}, unchanged and with no backend
 * named, runs in a fresh JVM on cpu-ref, djl or dl4j depending only on its class path.
 */
class ClasspathSwapTest {
    @TempDir
    Path cache;

    record Result(int status, String out) {}

    private static List<String> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.asList(cp.split(File.pathSeparator));
    }

    private static boolean isDjl(String entry) {
        return entry.contains("backend-djl")
                || entry.contains(File.separator + "ai" + File.separator + "djl")
                || entry.contains("pytorch-")
                || entry.contains("djl-api")
                || entry.matches(".*[/\\\\]api-0\\.36\\.0\\.jar");
    }

    private static boolean isCpuRef(String entry) {
        return entry.contains("backend-cpu-ref");
    }

    private static boolean isDl4j(String entry) {
        String sep = File.separator;
        return entry.contains("backend-dl4j")
                || entry.contains(sep + "nd4j")
                || entry.contains(sep + "deeplearning4j")
                || entry.contains(sep + "bytedeco" + sep);
    }

    private Result run(Predicate<String> keep, String... extraJvmArgs) throws IOException, InterruptedException {
        String cp = testClassPath().stream().filter(keep).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp));
        cmd.addAll(List.of(extraJvmArgs));
        cmd.add(SameApp.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().remove("MNIST4J_BACKEND");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static String loss(String out) {
        Matcher m = Pattern.compile("loss=(\\d+\\.\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    @Test
    void theSameAppRunsOnWhicheverBackendJarIsPresent() throws Exception {
        Result cpuRef = run(e -> !isDjl(e) && !isDl4j(e));
        assertThat(cpuRef.status()).as(cpuRef.out()).isZero();
        // Started without --add-modules jdk.incubator.vector: cpu-ref runs its plain-Java kernels and says so.
        assertThat(cpuRef.out())
                .contains("backend=cpu-ref")
                .contains("plain-Java kernels (start Java with --add-modules jdk.incubator.vector");

        Result djl = run(e -> !isCpuRef(e) && !isDl4j(e));
        assertThat(djl.status()).as(djl.out()).isZero();
        assertThat(djl.out()).contains("backend=djl");

        Result dl4j = run(e -> !isCpuRef(e) && !isDjl(e));
        assertThat(dl4j.status()).as(dl4j.out()).isZero();
        assertThat(dl4j.out()).contains("backend=dl4j");

        // Same seed, same batches, same CNN: the same mean loss over 20 steps, to float rounding.
        double expected = Double.parseDouble(loss(cpuRef.out()));
        assertThat(Double.parseDouble(loss(djl.out())))
                .isCloseTo(expected, org.assertj.core.api.Assertions.within(2e-3));
        assertThat(Double.parseDouble(loss(dl4j.out())))
                .isCloseTo(expected, org.assertj.core.api.Assertions.within(2e-3));
    }

    @Test
    void withDjlsNativeLibraryMissingTheErrorSaysWhatToPutOnTheClassPath() throws Exception {
        // No pytorch-native jar, and an empty engine cache so no earlier extraction can stand in.
        Result r = run(
                e -> !isCpuRef(e) && !isDl4j(e) && !e.contains("pytorch-native"),
                "-DENGINE_CACHE_DIR=" + cache,
                "-Dmnist4j.backend=djl");
        assertThat(r.status()).isNotZero();
        assertThat(r.out()).contains("backend 'djl' is unavailable").contains("pytorch-native-cpu");
    }

    @Test
    void withNd4jsNativeLibraryMissingTheErrorSaysWhatToPutOnTheClassPath() throws Exception {
        Result r = run(
                e -> !isCpuRef(e) && !isDjl(e) && !e.contains("nd4j-native-1.0.0-M2.1-linux"),
                "-Dorg.bytedeco.javacpp.cachedir=" + cache,
                "-Dmnist4j.backend=dl4j");
        assertThat(r.status()).isNotZero();
        assertThat(r.out()).contains("backend 'dl4j' is unavailable").contains("nd4j-native");
    }
}
