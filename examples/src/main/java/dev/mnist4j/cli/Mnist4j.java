package dev.mnist4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mnist4j} command line: the tutorial's steps as sub-commands. */
@Command(name = "mnist4j", mixinStandardHelpOptions = true, version = "mnist4j 0.1.0",
        description = "Handwritten-digit recognition on MNIST: train, evaluate, predict, on any backend.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, SummaryCommand.class,
                BackendsCommand.class, CommandLine.HelpCommand.class})
public final class Mnist4j {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit status (0 on success). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Mnist4j());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        return cli.execute(args);
    }
}
