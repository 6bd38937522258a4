package dev.mnist4j.examples;

import dev.mnist4j.pictures.Png;
import dev.mnist4j.pictures.SampleGrid;
import java.nio.file.Path;

/**
 * Tutorial step 2, {@code viewTrainDataset}: 25 random training images in a 5×5 grid with their
 * labels, written as a PNG (the tutorial shows them with matplotlib).
 * <pre>./mnist4j example ViewTrainDataset [OUT.png] [DATA_DIR]</pre>
 */
public final class ViewTrainDataset {
    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "mnist-samples.png");
        Png.write(SampleGrid.render(Examples.data(args, 1).train(), 5, 5, System.nanoTime()), out);
        System.out.println("Wrote 25 random training images to " + out);
    }
}
