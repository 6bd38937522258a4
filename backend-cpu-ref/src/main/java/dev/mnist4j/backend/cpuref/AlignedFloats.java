package dev.mnist4j.backend.cpuref;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * One float array handed out in pieces that begin on 64-byte cache lines, for the operands the
 * vector kernels load most: a 512-bit load that crosses a line costs two, and whole training steps
 * took 12% less time with conv2's input, its input gradient and its weight rows on line boundaries
 * than with all three 16 bytes past one (2.22 against 2.53 ms; the same FMAs, so the same weights
 * to the bit).
 *
 * <p>Java does not say where an array lies, and a collector may move it. HotSpot's G1 (its default
 * collector) does for large arrays: one of at least half a heap region starts a region of its own
 * and is never moved, so its elements begin one array header after a line boundary. The array is
 * made that large. Under another collector, or a header of unknown size, the pieces lie wherever
 * the array does: slower loads, the same results.
 */
final class AlignedFloats {
    /** Floats per 64-byte cache line. */
    static final int LINE = 16;

    private static final Layout LAYOUT = Layout.ofThisJvm();

    private final float[] array;
    private int next;

    /** Room for pieces of {@code floats} floats in all, each a whole number of lines long. */
    AlignedFloats(int floats) {
        this(floats, LAYOUT);
    }

    AlignedFloats(int floats, Layout layout) {
        int first = layout.firstOnLine();
        this.array = new float[Math.max(first + floats, layout.minFloats())];
        this.next = first;
    }

    /** The array the pieces are in. */
    float[] array() {
        return array;
    }

    /** Where a new piece of {@code n} floats begins in {@link #array}; the next one begins a line after its end. */
    int take(int n) {
        int at = next;
        next += (n + LINE - 1) / LINE * LINE;
        if (next > array.length) {
            throw new IllegalStateException("no room for " + n + " more floats");
        }
        return at;
    }

    /** Where this JVM puts large float arrays: the index of the first element on a line, and the length that needs. */
    record Layout(int firstOnLine, int minFloats) {
        /** Pieces wherever the array lies. */
        static final Layout UNKNOWN = new Layout(0, 0);

        /**
         * Half a region is padding, so above 4 MB (regions of 16 MB or more, heaps of 32 GB or more)
         * the pieces are left where they fall rather than give each array a region.
         */
        private static final long MAX_PADDING = 4 << 20;

        static Layout ofThisJvm() {
            try {
                HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                if (vm == null || !on(vm, "UseG1GC")) {
                    return UNKNOWN;
                }
                long halfRegion =
                        Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue()) / 2;
                // a float array's elements follow the mark word, the class pointer and the length
                int header;
                if (on(vm, "UseCompactObjectHeaders")) { // JDK 24+: the class pointer in the mark word
                    header = 12;
                } else if (on(vm, "UseCompressedClassPointers")) {
                    header = 16;
                } else {
                    return UNKNOWN;
                }
                if (halfRegion <= 0 || halfRegion > MAX_PADDING) {
                    return UNKNOWN;
                }
                return new Layout((64 - header) / Float.BYTES, (int) (halfRegion / Float.BYTES));
            } catch (RuntimeException | LinkageError e) { // not HotSpot, or no jdk.management module
                return UNKNOWN;
            }
        }

        /** Whether a boolean option is on; false where this JVM has no such option. */
        private static boolean on(HotSpotDiagnosticMXBean vm, String option) {
            try {
                return "true".equals(vm.getVMOption(option).getValue());
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
