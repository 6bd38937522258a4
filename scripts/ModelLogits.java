import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.data.DataSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * mnist4j's logits for the whole MNIST test set, for scripts/pytorch-interop to hold against PyTorch's.
 * Run as a source file on the command line's class path:
 *   java -cp "mnist4j-cli/target/mnist4j-cli.jar:mnist4j-cli/target/lib/*" scripts/ModelLogits.java BACKEND MODEL OUT
 * Writes OUT as 10,000 × 10 little-endian float32 and prints the model's normalisation ("MEAN STD").
 */
public class ModelLogits {
    public static void main(String[] args) throws IOException {
        try (DigitModel model = Backends.get(args[0]).loadModel(Path.of(args[1]), ModelOptions.defaults().withThreads(2))) {
            DataSet test = DataModules.mnist().test();
            float[] table = model.normalization().table();
            ByteBuffer out = ByteBuffer.allocate(test.size() * 10 * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < test.size(); from += 1000) {
                int n = Math.min(1000, test.size() - from);
                float[] x = new float[n * 784];
                for (int i = 0; i < n; i++) {
                    int[] raw = test.rawImage(from + i);
                    for (int p = 0; p < 784; p++) {
                        x[i * 784 + p] = table[raw[p]];
                    }
                }
                for (float v : model.logits(x, n)) {
                    out.putFloat(v);
                }
            }
            Files.write(Path.of(args[2]), out.array());
            System.out.printf(Locale.ROOT, "%s %s%n", model.normalization().mean(), model.normalization().std());
        }
    }
}
