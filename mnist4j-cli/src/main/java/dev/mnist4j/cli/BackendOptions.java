package dev.mnist4j.cli;

import dev.mnist4j.Backend;
import dev.mnist4j.Backends;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.core.Device;
import picocli.CommandLine.Option;

/** Options of every command that runs a model: which backend, which device, how many threads. */
final class BackendOptions {
    @Option(
            names = "--backend",
            paramLabel = "NAME",
            description = "cpu-ref, djl, dl4j, … (default: $MNIST4J_BACKEND, else the best available)")
    String backend;

    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            defaultValue = "auto",
            description = "cpu, cuda, cuda:N or auto (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "compute threads (default: all cores)")
    Integer threads;

    @Option(names = "--verbose", description = "show stack traces of errors")
    boolean verbose;

    Backend backend() {
        return backend != null ? Backends.get(backend) : Backends.best();
    }

    /** Where models compute: --device and --threads. */
    ModelOptions options() {
        ModelOptions o = ModelOptions.defaults().withDevice(Device.parse(device));
        return threads != null ? o.withThreads(threads) : o;
    }
}
