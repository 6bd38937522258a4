/** The {@code mnist4j} command line (picocli): train, evaluate, predict, summary, backends. */
package dev.mnist4j.cli;
