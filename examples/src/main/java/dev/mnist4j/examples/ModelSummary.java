package dev.mnist4j.examples;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.Backends;
import dev.mnist4j.DigitModel;
import org.apiguardian.api.API;

/**
 * Tutorial step 3: the model and its {@code torchinfo.summary}, on whichever backend is on the
 * class path.
 * <pre>./mnist4j example ModelSummary</pre>
 */
@API(status = INTERNAL)
public final class ModelSummary {
    public static void main(String[] args) {
        try (DigitModel model = Backends.best().newModel()) {
            System.out.print(model.summary());
        }
    }
}
