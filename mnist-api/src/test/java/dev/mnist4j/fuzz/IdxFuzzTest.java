package dev.mnist4j.fuzz;

import static dev.mnist4j.fuzz.Refusals.refusesOrReads;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mnist4j.internal.data.IdxReader;
import java.io.ByteArrayInputStream;

/** Fuzzes IDX data, raw or gzip: the MNIST reader. */
class IdxFuzzTest {
    @FuzzTest(maxDuration = Refusals.FUZZ_DURATION)
    void idx(byte[] input) {
        refusesOrReads(() -> {
            byte[] content = IdxReader.readContent(new ByteArrayInputStream(input), "fuzz");
            if (content.length >= 4 && content[3] == 1) {
                IdxReader.parseLabels(content, "fuzz");
            } else {
                IdxReader.parseImages(content, "fuzz");
            }
        });
    }
}
