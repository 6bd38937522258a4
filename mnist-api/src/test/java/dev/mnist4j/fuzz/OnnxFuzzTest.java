package dev.mnist4j.fuzz;

import static dev.mnist4j.fuzz.Refusals.refusesOrReads;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mnist4j.io.OnnxFiles;
import dev.mnist4j.model.StateDict;

/** Fuzzes ONNX models: protobuf, then the graph matcher. */
class OnnxFuzzTest {
    @FuzzTest(maxDuration = Refusals.FUZZ_DURATION)
    void onnx(byte[] input) {
        refusesOrReads(
                () -> StateDict.of(OnnxFiles.parse(input, "fuzz").tensors()).requireMnistCnn());
    }
}
