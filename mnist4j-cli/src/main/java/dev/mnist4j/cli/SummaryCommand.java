package dev.mnist4j.cli;

import dev.mnist4j.DigitModel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the CNN's layers like torchinfo.summary. */
@Command(
        name = "summary",
        mixinStandardHelpOptions = true,
        description = "Print the CNN's layers and parameter counts.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Override
    public Integer call() {
        try (DigitModel model =
                backendOptions.backend().newModel(backendOptions.options().withThreads(1))) {
            spec.commandLine().getOut().print(model.summary());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
