package dev.mnist4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command line in a child JVM, as ./mnist4j runs it: for signals, locales and servers. */
final class ChildCli {
    private ChildCli() {}

    /** Whether this machine's env can reset SIGINT (GNU coreutils 8.31 or later). */
    private static final boolean RESETS_SIGINT = resetsSigint();

    private static boolean resetsSigint() {
        try {
            return new ProcessBuilder("/usr/bin/env", "--default-signal=INT", "true")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Process start(Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (RESETS_SIGINT) {
            // a process started in the background inherits SIGINT ignored, and a JVM then never sees
            // Ctrl-C; give the child Ctrl-C as a terminal gives it
            command.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Mnist4j.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    static Process start(String... args) throws IOException {
        return start(Map.of(), List.of(), args);
    }
}
