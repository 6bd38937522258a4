package dev.mnist4j.fuzz;

import static dev.mnist4j.fuzz.Refusals.refusesOrReads;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mnist4j.io.TensorFile;
import dev.mnist4j.model.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Fuzzes the restricted unpickler, reached through a well-formed .pth archive whose data.pkl is the input. */
class PickleFuzzTest {
    @FuzzTest(maxDuration = Refusals.FUZZ_DURATION)
    void pickle(byte[] input) {
        refusesOrReads(() -> {
            Path file = Refusals.SCRATCH.resolve("pickle.pth");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
                zip.putNextEntry(new ZipEntry("pickle/data.pkl"));
                zip.write(input);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("pickle/data/0"));
                zip.write(new byte[4 * 1600 * 64]);
                zip.closeEntry();
            }
            StateDict.of(TensorFile.read(file).tensors()).requireMnistCnn();
        });
    }
}
