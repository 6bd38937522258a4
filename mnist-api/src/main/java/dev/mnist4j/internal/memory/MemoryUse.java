package dev.mnist4j.internal.memory;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apiguardian.api.API;

/**
 * The heap in use after a collection, the heap the JVM has committed, and the process's resident
 * memory. Resident memory counts the committed heap too, which the JVM grows and shrinks as it
 * likes; what native code holds is about resident minus committed heap ({@link #offHeapBytes()}).
 * Resident memory is read from Linux's {@code /proc/self/status}; elsewhere it is -1.
 *
 * <p>Before measuring, the native heap is trimmed where the JVM can (JDK 17.0.9 and later on glibc:
 * the {@code System.trim_native_heap} diagnostic command): glibc keeps freed blocks in its per-thread
 * arenas, and a native engine with many threads and block sizes (dl4j) piles up hundreds of MB that
 * nothing holds, which would read as growth. What a trim cannot return is still counted.
 *
 * @param heapBytes          heap in use after {@link System#gc()}
 * @param heapCommittedBytes heap the JVM has committed
 * @param residentBytes      resident set size, or -1 where the platform does not say
 */
@API(status = INTERNAL)
public record MemoryUse(long heapBytes, long heapCommittedBytes, long residentBytes) {
    /** At most this many collections, {@link #PAUSE_MS} apart (about 10 s). */
    private static final int SETTLE_ROUNDS = 100;

    /** The heap in use has settled when this many collections in a row free too little. */
    private static final int STILL_COLLECTIONS = 3;

    private static final long PAUSE_MS = 100;

    /** A collection that frees less than this frees too little to count. */
    private static final long SETTLED_BYTES = 1L << 20;

    /**
     * Collects until the heap in use stops falling, trims the native heap where the JVM can, then
     * measures. Native libraries free the buffers of collected objects on their own threads, from
     * references that stay reachable until then (dl4j: up to 180,000 of them, 20-40 MB of heap and
     * hundreds of MB of native memory, seen in a class histogram right after a full collection); a
     * measurement taken before they have drained swings from round to round. One still collection
     * was not enough on a slow CPU: a soak's round of dl4j once measured 105 MB of heap and 565 MB of
     * native memory above the others, and the next run measured none.
     */
    public static MemoryUse now() {
        Runtime rt = Runtime.getRuntime();
        long inUse = Long.MAX_VALUE;
        int still = 0;
        for (int i = 0; i < SETTLE_ROUNDS; i++) {
            System.gc();
            long now = rt.totalMemory() - rt.freeMemory();
            still = now > inUse - SETTLED_BYTES ? still + 1 : 0;
            inUse = Math.min(inUse, now);
            if (still == STILL_COLLECTIONS || !pause()) {
                break;
            }
        }
        trimNativeHeap();
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

    /** Waits for other threads' cleaning; false when interrupted. */
    private static boolean pause() {
        try {
            Thread.sleep(PAUSE_MS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void trimNativeHeap() {
        try {
            ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "systemTrimNativeHeap",
                            new Object[0],
                            new String[0]);
        } catch (JMException | RuntimeException e) {
            // an older JVM or another C library: measured untrimmed
        }
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
