package dev.mnist4j.fuzz;

import static dev.mnist4j.fuzz.Refusals.refusesOrReads;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mnist4j.io.TensorFile;
import dev.mnist4j.model.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fuzzes whole .pth files: the zip archive PyTorch writes. */
class PthArchiveFuzzTest {
    @FuzzTest(maxDuration = Refusals.FUZZ_DURATION)
    void pthArchive(byte[] input) {
        refusesOrReads(() -> {
            Path file = Files.write(Refusals.SCRATCH.resolve("archive.pth"), input);
            StateDict.of(TensorFile.read(file).tensors()).requireMnistCnn();
        });
    }
}
