package dev.mnist4j.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class MemoryUseTest {
    private static final int MB = 1 << 20;

    @Test
    void nativeMemoryFreedByACleanerAfterTheCollectionIsNotCounted() {
        MemoryUse before = MemoryUse.now();
        assumeTrue(before.residentKnown(), "resident memory is read from Linux's /proc/self/status");
        // Direct buffers are native memory, freed by the JDK's cleaner thread once collected; above
        // glibc's largest mmap threshold (32 MB), so freeing them unmaps them whatever malloc's tuning.
        // 128 MB against limits of half that: other memory moves a little meanwhile.
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(64 * MB);
            for (int p = 0; p < b.capacity(); p += 4096) {
                b.put(p, (byte) 1); // touch every page, so it is resident
            }
            buffers.add(b);
        }
        MemoryUse holding = MemoryUse.now();
        // outside the heap: the collections may hand heap pages back meanwhile (18 MB seen in CI)
        assertThat(holding.offHeapBytes() - before.offHeapBytes()).isGreaterThan(64L * MB);
        assertThat(buffers).hasSize(2);

        buffers.clear();
        MemoryUse after = MemoryUse.now();
        // against the figure while held: classes and code loaded meanwhile do not blur it
        assertThat(holding.offHeapBytes() - after.offHeapBytes()).isGreaterThan(64L * MB);
        assertThat(after.heapBytes()).isLessThanOrEqualTo(after.heapCommittedBytes());
    }

    /** As ND4J's deallocator threads: what a collected object owned is released later, a little at a time. */
    @Test
    void waitsForAnotherThreadsCleaningBeforeMeasuring() {
        MemoryUse before = MemoryUse.now();
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        Map<Reference<?>, byte[]> owned = new ConcurrentHashMap<>();
        for (int i = 0; i < 64; i++) {
            owned.put(new PhantomReference<>(new Object(), queue), new byte[MB]);
        }
        Thread cleaner = new Thread(() -> {
            try {
                while (!owned.isEmpty()) {
                    owned.remove(queue.remove());
                    Thread.sleep(5); // 64 MB released over about a third of a second
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        cleaner.setDaemon(true);
        cleaner.start();

        MemoryUse after = MemoryUse.now();
        assertThat(owned.size())
                .as("megabytes the cleaning thread had still to release")
                .isZero();
        assertThat(after.heapBytes() - before.heapBytes()).isLessThan(8L * MB);
    }
}
