package dev.mnist4j.backend.cpuref;

import dev.mnist4j.core.Mnist4jException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits a batch into fixed chunks of {@link Workspace#CHUNK} images and runs them on a fixed pool
 * of threads. The partition does not depend on the thread count, and callers combine per-chunk
 * results in chunk order, so results are the same whatever the number of threads.
 */
final class ChunkRunner implements AutoCloseable {

    /** Work on one chunk: images {@code first .. first+count-1}, chunk number {@code chunk}. */
    @FunctionalInterface
    interface ChunkTask {
        void run(Workspace ws, int chunk, int first, int count);
    }

    /** Work on one of {@code parts} slices of some elements; the slices decide who, never in what order. */
    @FunctionalInterface
    interface PartTask {
        void run(int part, int parts);
    }

    private final ExecutorService pool;
    private final int threads;
    private final Kernels kernels;
    private final ConcurrentLinkedQueue<Workspace> workspaces = new ConcurrentLinkedQueue<>();

    ChunkRunner(int threads, Kernels kernels) {
        this.threads = threads;
        this.kernels = kernels;
        AtomicInteger n = new AtomicInteger();
        this.pool = threads == 1
                ? null
                : Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "mnist4j-cpu-ref-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    static int chunkCount(int images) {
        return (images + Workspace.CHUNK - 1) / Workspace.CHUNK;
    }

    void run(int images, ChunkTask task) {
        int chunks = chunkCount(images);
        if (pool == null || chunks == 1) {
            for (int c = 0; c < chunks; c++) {
                runOne(task, c, images);
            }
            return;
        }
        List<Callable<Void>> calls = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int chunk = c;
            calls.add(() -> {
                runOne(task, chunk, images);
                return null;
            });
        }
        invoke(calls);
    }

    /**
     * Runs {@code task} once per thread, each on its own part, and waits: for element-wise work (sums
     * of the chunks' gradients, the optimizer's update, layout copies), where each element's
     * arithmetic is the same whichever part does it.
     */
    void eachPart(PartTask task) {
        if (pool == null) {
            task.run(0, 1);
            return;
        }
        List<Callable<Void>> calls = new ArrayList<>(threads);
        for (int p = 0; p < threads; p++) {
            int part = p;
            calls.add(() -> {
                task.run(part, threads);
                return null;
            });
        }
        invoke(calls);
    }

    /** The first index of part {@code part} of {@code parts} over {@code n} elements. */
    static int start(int n, int part, int parts) {
        return (int) ((long) n * part / parts);
    }

    private void invoke(List<Callable<Void>> calls) {
        try {
            for (Future<Void> f : pool.invokeAll(calls)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Mnist4jException("interrupted while computing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new Mnist4jException("cpu-ref computation failed: " + e.getCause(), e.getCause());
        }
    }

    private void runOne(ChunkTask task, int chunk, int images) {
        Workspace ws = workspaces.poll();
        if (ws == null) {
            ws = new Workspace(kernels);
        }
        try {
            int first = chunk * Workspace.CHUNK;
            task.run(ws, chunk, first, Math.min(Workspace.CHUNK, images - first));
        } finally {
            workspaces.add(ws);
        }
    }

    int threads() {
        return threads;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
