package dev.mnist4j.cli;

import dev.mnist4j.Backends;
import dev.mnist4j.Device;
import dev.mnist4j.spi.BackendProvider;
import picocli.CommandLine.Option;

/** Options of every command that runs a model: which backend, which device, how many threads. */
final class BackendOptions {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "cpu-ref, djl, dl4j, … (default: $MNIST4J_BACKEND, else the best available)")
    String backend;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "cpu, cuda, cuda:N or auto (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "compute threads (default: all cores)")
    Integer threads;

    @Option(names = "--verbose", description = "show stack traces of errors")
    boolean verbose;

    BackendProvider provider() {
        return backend != null ? Backends.get(backend) : Backends.best();
    }

    Device device() {
        return Device.parse(device);
    }

    int threads() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
