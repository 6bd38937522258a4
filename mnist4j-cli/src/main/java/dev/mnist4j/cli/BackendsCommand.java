package dev.mnist4j.cli;

import dev.mnist4j.BackendStatus;
import dev.mnist4j.Backends;
import dev.mnist4j.core.Capability;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Lists every backend found on the class path: what it can do, its devices and what computes
 * (versions; for cpu-ref, which kernels), or why it is unavailable; then which one runs when none
 * is named, and why.
 */
@Command(
        name = "backends",
        mixinStandardHelpOptions = true,
        description = "List the backends found, their capabilities and devices, why any is unavailable, and"
                + " which one runs by default.")
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
        int nameWidth = Math.max(
                "BACKEND".length(),
                all.stream().mapToInt(s -> s.name().length()).max().orElse(0));
        String row = "%-" + (nameWidth + 1) + "s %-9s %-12s %-35s %s%n";
        w.printf(Locale.ROOT, row, "BACKEND", "PRIORITY", "STATUS", "CAPABILITIES", "DEVICES / REASON");
        for (BackendStatus s : all) {
            String detail = s.available()
                    ? s.devices().stream().map(Object::toString).collect(Collectors.joining(", ")) + "  (" + s.version()
                            + ")"
                    : s.reason();
            w.printf(
                    Locale.ROOT,
                    row,
                    s.name(),
                    s.priority() == Integer.MIN_VALUE ? "-" : Integer.toString(s.priority()),
                    s.available() ? "available" : "unavailable",
                    capabilities(s),
                    detail);
        }
        w.println("Default: " + Backends.whyBest());
        return 0;
    }

    private static String capabilities(BackendStatus s) {
        if (s.capabilities().isEmpty()) {
            return "-";
        }
        return s.capabilities().stream()
                .map(c -> c == Capability.DETERMINISTIC_TRAINING
                        ? "deterministic"
                        : c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
