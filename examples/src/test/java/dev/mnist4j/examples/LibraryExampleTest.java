package dev.mnist4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnist4j.DataModules;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example is exactly {@link LibraryExample}'s code, and that code runs as its
 * own program: with only the API, the embedded data and one backend on the class path, in a fresh
 * JVM, from a directory holding a picture of a digit.
 */
class LibraryExampleTest {
    private static final Path SOURCE = Path.of("src/main/java/dev/mnist4j/examples/LibraryExample.java");
    private static final Path README = Path.of("../README.md");

    /** The lines between the markers, indentation removed. */
    private static List<String> exampleLines() throws Exception {
        List<String> all = Files.readAllLines(SOURCE, StandardCharsets.UTF_8);
        int from = indexOf(all, "// README:BEGIN") + 1;
        int to = indexOf(all, "// README:END");
        int indent = all.get(from).indexOf(all.get(from).strip());
        return all.subList(from, to).stream()
                .map(l -> l.length() > indent ? l.substring(indent) : l.strip())
                .toList();
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(marker + " not found in " + SOURCE);
    }

    @Test
    void theReadmeShowsExactlyTheExamplesCode() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String block = "```java\n" + String.join("\n", exampleLines()) + "\n```";
        assertThat(readme).as("README.md's library example, as in " + SOURCE).contains(block);
        assertThat(exampleLines()).hasSizeLessThanOrEqualTo(12);
    }

    @Test
    void theExampleRunsAsItsOwnProgramAndRecognisesTheDigit(@TempDir Path dir) throws Exception {
        // digit.png: the first MNIST test image, a 7, as the file a user would have
        ImageIO.write(
                DataModules.mnist().test().image(0),
                "png",
                dir.resolve("digit.png").toFile());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-cp",
                        classPath,
                        LibraryExample.class.getName())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("finished in time").isTrue();
        String out = Files.readString(dir.resolve("out.txt"));
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .containsPattern("Epoch 1/5, Loss: \\d\\.\\d{4}, Accuracy: \\d+\\.\\d{3}% UseTime: ")
                .containsPattern("Epoch 5/5, Loss: ")
                .containsPattern("(?m)^7 \\(\\d+\\.\\d\\d%\\)$");
        assertThat(dir.resolve("models").resolve("mnist_model.safetensors")).isRegularFile();
        assertThat(classPath.split(File.pathSeparator))
                .as("one backend on the class path (the examples' profile picks it)")
                .filteredOn(e -> e.matches(".*backend-(cpu-ref|djl|dl4j).*"))
                .hasSize(1);
    }
}
