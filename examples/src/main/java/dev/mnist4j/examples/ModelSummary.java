package dev.mnist4j.examples;

import dev.mnist4j.Backends;
import dev.mnist4j.Device;
import dev.mnist4j.model.DigitModel;

/**
 * Tutorial step 3: the model and its {@code torchinfo.summary}, on whichever backend is on the
 * class path.
 * <pre>./mnist4j example ModelSummary</pre>
 */
public final class ModelSummary {
    public static void main(String[] args) {
        try (DigitModel model = Backends.best().newModel(0, Device.AUTO, 1)) {
            System.out.print(model.summary());
        }
    }
}
