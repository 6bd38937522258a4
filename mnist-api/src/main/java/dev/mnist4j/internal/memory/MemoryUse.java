package dev.mnist4j.internal.memory;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * The heap in use after a collection, the heap the JVM has committed, and the process's resident
 * memory. Resident memory counts the committed heap too, which the JVM grows and shrinks as it
 * likes; what native code holds is about resident minus committed heap ({@link #offHeapBytes()}).
 * Resident memory is read from Linux's {@code /proc/self/status}; elsewhere it is -1.
 *
 * @param heapBytes          heap in use after {@link System#gc()}
 * @param heapCommittedBytes heap the JVM has committed
 * @param residentBytes      resident set size, or -1 where the platform does not say
 */
@API(status = INTERNAL)
public record MemoryUse(long heapBytes, long heapCommittedBytes, long residentBytes) {

    /** Collects, then measures. */
    public static MemoryUse now() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return new MemoryUse(rt.totalMemory() - rt.freeMemory(), rt.totalMemory(), resident());
    }

    /** Resident memory outside the committed heap: native code, thread stacks, the JVM itself; -1 if unknown. */
    public long offHeapBytes() {
        return residentKnown() ? residentBytes - heapCommittedBytes : -1;
    }

    /** Whether resident memory is known here. */
    public boolean residentKnown() {
        return residentBytes >= 0;
    }

    private static long resident() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: resident memory is not reported
        }
        return -1;
    }
}
