package dev.mnist4j.fuzz;

import static dev.mnist4j.fuzz.Refusals.refusesOrReads;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mnist4j.io.TensorFile;
import dev.mnist4j.model.StateDict;

/** Fuzzes safetensors files, then the checks of the CNN on what they hold. */
class SafetensorsFuzzTest {
    @FuzzTest(maxDuration = Refusals.FUZZ_DURATION)
    void safetensors(byte[] input) {
        refusesOrReads(
                () -> StateDict.of(TensorFile.parseSafetensors(input, "fuzz").tensors())
                        .requireMnistCnn());
    }
}
