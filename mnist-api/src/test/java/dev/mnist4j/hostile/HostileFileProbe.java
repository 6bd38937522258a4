package dev.mnist4j.hostile;

import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.internal.data.IdxReader;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.predict.ImageFiles;
import dev.mnist4j.predict.ImagePreprocessing;
import java.nio.file.Path;

/**
 * Reads one hostile file the way mnist4j reads its kind, in a JVM with a small heap: prints
 * {@code REFUSED <message>} and exits 0 when the library refuses it with its own exception; exits
 * 2 on running out of memory (or any other error), 3 when the file was accepted.
 */
public final class HostileFileProbe {
    private HostileFileProbe() {}

    public static void main(String[] args) {
        Path file = Path.of(args[1]);
        try {
            switch (args[0]) {
                case "idx" -> IdxReader.parseImages(IdxReader.readContent(file), file.toString());
                case "model" -> ModelFiles.load(file);
                case "image" -> ImagePreprocessing.MNIST.toPixels(ImageFiles.read(file));
                default -> throw new IllegalArgumentException("kind " + args[0]);
            }
            System.out.println("ACCEPTED");
            System.exit(3);
        } catch (Mnist4jException e) {
            System.out.println("REFUSED " + e.getMessage());
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("FAILED " + t);
            System.exit(2);
        }
    }
}
