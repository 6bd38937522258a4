package dev.mnist4j.cli;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.PrintWriter;
import org.apiguardian.api.API;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mnist4j} command line: the tutorial's steps as sub-commands. */
@Command(
        name = "mnist4j",
        mixinStandardHelpOptions = true,
        version = "mnist4j 0.1.0",
        description = "Handwritten-digit recognition on MNIST: train, evaluate, predict, on any backend.",
        subcommands = {
            ViewCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            SummaryCommand.class,
            BenchCommand.class,
            SoakCommand.class,
            ExportCommand.class,
            ServeCommand.class,
            BackendsCommand.class,
            CommandLine.HelpCommand.class
        })
@API(status = INTERNAL)
public final class Mnist4j {

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // pictures are files, never windows
        System.exit(run(args));
    }

    /** Runs a command line on the standard streams and returns its exit status (0 on success). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line writing to the given streams; returns its exit status (0 on success). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Mnist4j());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }
}
