package dev.mnist4j.cli;

import dev.mnist4j.BackendStatus;
import dev.mnist4j.Backends;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Lists every backend found on the class path: its devices and what computes (versions; for cpu-ref,
 * which kernels), or why it is unavailable.
 */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the backends found, their devices, and why any is unavailable.")
final class BackendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", description = "show stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        List<BackendStatus> all = Backends.list();
        if (all.isEmpty()) {
            w.println("No backend on the class path. Add one, e.g. dev.mnist4j:backend-cpu-ref.");
            return 1;
        }
        w.printf("%-10s %-9s %-12s %s%n", "BACKEND", "PRIORITY", "STATUS", "DEVICES / REASON");
        for (BackendStatus s : all) {
            String detail = s.available()
                    ? s.devices().stream().map(Object::toString).collect(Collectors.joining(", "))
                            + "  (" + s.provider().version() + ")"
                    : s.reason();
            w.printf("%-10s %-9s %-12s %s%n", s.name(), s.provider() == null ? "-" : Integer.toString(s.priority()),
                    s.available() ? "available" : "unavailable", detail);
        }
        return 0;
    }
}
