package dev.mnist4j.cli;

import dev.mnist4j.Backend;
import dev.mnist4j.DigitModel;
import dev.mnist4j.serve.DigitServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A page to draw digits on and the prediction APIs, until Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve a model over HTTP: a page to draw a digit on (/), POST /api/predict, and the Open"
                + " Inference Protocol (/v2/models/mnist/infer). Runs until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Mixin
    ServerOptionsMixin server = new ServerOptionsMixin();

    @Option(
            names = "--model",
            defaultValue = "models/mnist_model.safetensors",
            description = "the model file (default: ${DEFAULT-VALUE})")
    Path modelFile;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter w = spec.commandLine().getOut();
        Backend backend = backendOptions.backend();
        try (UntilCtrlC ctrlC = new UntilCtrlC();
                DigitModel model = backend.loadModel(modelFile, backendOptions.options());
                DigitServer running = DigitServer.start(server.options(), model, null)) {
            w.printf(
                    Locale.ROOT,
                    "Serving %s on %s (%s) at %s%n"
                            + "  draw a digit there; APIs: POST /api/predict, POST /v2/models/mnist/infer. Ctrl-C stops.%n",
                    modelFile,
                    backend.name(),
                    model.device(),
                    running.address());
            w.flush();
            ctrlC.await();
        }
        return 0;
    }
}
