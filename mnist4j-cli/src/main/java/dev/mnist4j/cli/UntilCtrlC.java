package dev.mnist4j.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Waits for Ctrl-C (or any other shutdown of the JVM), and holds the shutdown until this is closed:
 * open it first in a try-with-resources, so that what is opened after it (a server, a model) is
 * closed before the JVM goes.
 */
final class UntilCtrlC implements AutoCloseable {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::hold, "mnist4j-shutdown");

    UntilCtrlC() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void hold() {
        stop.countDown();
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until Ctrl-C. */
    void await() throws InterruptedException {
        stop.await();
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that `closed` is counted down
        }
    }
}
