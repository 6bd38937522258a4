package dev.mnist4j.cli;

import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.core.Setting;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Shows a failed command as one line, {@code mnist4j: error: ...}, with exit status 1; the stack
 * trace only with {@code --verbose}. Where the library names a setting as the remedy, the line ends
 * with the flags that set it.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--verbose");
        cli.getErr().println("mnist4j: error: " + describe(e));
        if (verbose) {
            e.printStackTrace(cli.getErr());
        }
        return 1;
    }

    /** The exception's message, with the command line's flags for any remedy the library names. */
    static String describe(Exception e) {
        if (e instanceof Mnist4jException m) {
            return m.remedies().isEmpty() ? m.getMessage() : m.getMessage() + " (" + flags(m.remedies()) + ")";
        }
        return e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String flags(Map<Setting, String> remedies) {
        return remedies.entrySet().stream()
                .map(r -> flag(r.getKey(), r.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String flag(Setting setting, String value) {
        return switch (setting) {
            case DEVICE -> "--device " + value;
            case SEED -> "--seed " + value;
            case BATCH_SIZE -> "--batch-size " + value;
            case EPOCHS -> "--epochs " + value;
            case OPTIMIZER -> "--optimizer " + value;
            case DATA_DIRECTORY -> "--data " + value;
            case VALIDATION -> "--val " + value;
            case DOWNLOAD -> "--download";
        };
    }
}
