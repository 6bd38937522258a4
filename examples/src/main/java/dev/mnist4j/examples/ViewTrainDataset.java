package dev.mnist4j.examples;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.data.SampleGrid;
import dev.mnist4j.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apiguardian.api.API;

/**
 * Tutorial step 2, {@code viewTrainDataset}: 25 random training images in a 5×5 grid with their
 * labels, written as a PNG (the tutorial shows them with matplotlib).
 * <pre>./mnist4j example ViewTrainDataset [OUT.png] [DATA_DIR]</pre>
 */
@API(status = INTERNAL)
public final class ViewTrainDataset {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "mnist-samples.png");
        var grid = SampleGrid.render(Examples.data(args, 1).train(), 5, 5, System.nanoTime());
        AtomicFile.write(out, stream -> ImageIO.write(grid, "png", stream));
        System.out.println("Wrote 25 random training images to " + out);
    }
}
