package dev.mnist4j.backend.cpuref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

/** Where AlignedFloats' pieces lie, read from the JVM by JOL (Surefire runs these tests on G1). */
class AlignedFloatsTest {

    @Test
    void piecesBeginOnCacheLinesAndStayThereThroughCollections() {
        assertThat(AlignedFloats.Layout.ofThisJvm()).isNotEqualTo(AlignedFloats.Layout.UNKNOWN);
        AlignedFloats small = new AlignedFloats(100);
        AlignedFloats workspace = new AlignedFloats(16 * 5408 + 5408);
        int[] smallPieces = {small.take(3), small.take(80)};
        int[] workspacePieces = {workspace.take(16 * 5408), workspace.take(5408)};
        for (int round = 0; round < 3; round++) {
            assertOnLines(small.array(), smallPieces);
            assertOnLines(workspace.array(), workspacePieces);
            // young and full collections move small arrays; these must stay put
            for (int i = 0; i < 1000; i++) {
                float[] garbage = new float[1000 + i];
                garbage[i] = i;
            }
            System.gc();
        }
    }

    private static void assertOnLines(float[] array, int[] pieces) {
        VirtualMachine vm = VM.current();
        long first = vm.addressOf(array) + vm.arrayBaseOffset(float.class.getName());
        for (int at : pieces) {
            assertThat((first + (long) at * Float.BYTES) % 64)
                    .as("piece at %d", at)
                    .isZero();
        }
    }

    @Test
    void piecesAreWholeLinesOneAfterAnother() {
        AlignedFloats a = new AlignedFloats(48, AlignedFloats.Layout.UNKNOWN);
        assertThat(a.array()).hasSize(48);
        assertThat(a.take(17)).isZero();
        assertThat(a.take(16)).isEqualTo(32);
        assertThatThrownBy(() -> a.take(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theArrayIsLargeEnoughForTheLayoutAndItsPieces() {
        AlignedFloats.Layout layout = new AlignedFloats.Layout(12, 1000);
        assertThat(new AlignedFloats(32, layout).array()).hasSize(1000);
        AlignedFloats big = new AlignedFloats(2000, layout);
        assertThat(big.array()).hasSize(2012);
        assertThat(big.take(2000)).isEqualTo(12);
    }
}
