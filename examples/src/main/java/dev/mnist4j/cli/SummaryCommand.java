package dev.mnist4j.cli;

import dev.mnist4j.model.DigitModel;
import dev.mnist4j.spi.BackendProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the CNN's layers like torchinfo.summary. */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Print the CNN's layers and parameter counts.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Override
    public Integer call() {
        BackendProvider backend = backendOptions.provider();
        try (DigitModel model = backend.newModel(0, backendOptions.device(), 1)) {
            spec.commandLine().getOut().print(model.summary());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
