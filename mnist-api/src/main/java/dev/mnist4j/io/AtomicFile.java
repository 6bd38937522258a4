package dev.mnist4j.io;

import static org.apiguardian.api.API.Status.STABLE;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a file so that readers see either the old file or the complete new one, never a part:
 * the bytes go to a temporary file in the same directory, are forced to disk, and the temporary
 * file is then renamed over the target. On failure the temporary file is removed.
 *
 * <p>A process killed during a write ({@code kill -9}, a power cut) cannot remove its temporary
 * file. Such files are named {@code .TARGET.PID-RANDOM.tmp}; the next write of the same target
 * removes those whose process is gone, and logs each one it removes.
 */
@API(status = STABLE)
public final class AtomicFile {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);

    /** Writes the content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        removeDebris(dir, absolute.getFileName().toString());
        Path temp = Files.createTempFile(
                dir,
                "." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "-",
                ".tmp");
        try {
            keepOrDefaultPermissions(absolute, temp);
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Temporary files of {@code name} left by processes that no longer run. */
    static List<Path> debris(Path dir, String name) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote("." + name + ".") + "(\\d+)-\\d+\\.tmp");
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(
                dir, f -> ours.matcher(f.getFileName().toString()).matches())) {
            for (Path f : files) {
                Matcher m = ours.matcher(f.getFileName().toString());
                if (m.matches()
                        && m.group(1).length() < 19
                        && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    found.add(f);
                }
            }
        }
        return found;
    }

    private static void removeDebris(Path dir, String name) {
        try {
            for (Path f : debris(dir, name)) {
                Files.deleteIfExists(f);
                LOG.warn("removed {}, left by a save that was interrupted (the process is gone)", f);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not look for files left by interrupted saves in {}: {}", dir, e.toString());
        }
    }

    /** Temporary files are private (rw-------); the result gets the old file's mode, else rw-r--r--. */
    private static void keepOrDefaultPermissions(Path target, Path temp) throws IOException {
        if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> mode = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temp, mode);
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }
}
