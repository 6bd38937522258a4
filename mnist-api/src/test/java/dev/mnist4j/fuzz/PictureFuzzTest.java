package dev.mnist4j.fuzz;

import static dev.mnist4j.fuzz.Refusals.refusesOrReads;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mnist4j.predict.ImageFileException;
import dev.mnist4j.predict.ImageFiles;
import dev.mnist4j.predict.ImagePreprocessing;

/** Fuzzes pictures for predict: decoding, then both preprocessings. */
class PictureFuzzTest {
    @FuzzTest(maxDuration = Refusals.FUZZ_DURATION)
    void picture(byte[] input) {
        refusesOrReads(() -> {
            var image = ImageFiles.read(input, "fuzz", 1_000_000);
            for (ImagePreprocessing p : ImagePreprocessing.values()) {
                try {
                    int[] pixels = p.toPixels(image);
                    if (pixels.length != 784) {
                        throw new AssertionError(p + " made " + pixels.length + " pixels");
                    }
                } catch (ImageFileException blankOrTiny) {
                    // refused in its own words: a blank or too small picture
                }
            }
        });
    }
}
