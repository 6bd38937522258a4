package dev.mnist4j.cli;

import dev.mnist4j.serve.ServerOptions;
import picocli.CommandLine.Option;

/** Where the HTTP server listens: {@code --port}, {@code --host}, {@code --cors}. */
final class ServerOptionsMixin {
    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "the HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description =
                    "the address to listen on; 0.0.0.0 for every network (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Option(
            names = "--cors",
            paramLabel = "ORIGIN",
            description = "let pages from ORIGIN call the APIs (default: none)")
    String cors;

    ServerOptions options() {
        return ServerOptions.defaults().withHost(host).withPort(port).withCorsOrigin(cors);
    }
}
