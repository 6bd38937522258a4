package dev.mnist4j.cli;

import java.nio.file.Path;

/** Names for the pictures written beside a model or an image. */
final class OutputPaths {
    private OutputPaths() {}

    /** {@code dir/name.ext} → {@code dir/name<suffix>}. */
    static Path beside(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path parent = file.toAbsolutePath().getParent();
        return parent.resolve(stem + suffix);
    }
}
