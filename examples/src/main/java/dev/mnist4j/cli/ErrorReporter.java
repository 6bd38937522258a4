package dev.mnist4j.cli;

import dev.mnist4j.Mnist4jException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Shows a failed command as one line, {@code mnist4j: error: ...}, with exit status 1; the stack
 * trace only with {@code --verbose}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--verbose");
        String message = e instanceof Mnist4jException || e instanceof IllegalArgumentException
                || e instanceof UncheckedIOException
                ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        cli.getErr().println("mnist4j: error: " + message);
        if (verbose) {
            e.printStackTrace(cli.getErr());
        }
        return 1;
    }
}
