package dev.mnist4j.backend.cpuref;

import dev.mnist4j.core.Mnist4jException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Splits a batch into fixed chunks of {@link Workspace#CHUNK} images and runs them on the calling
 * thread and a fixed pool of helpers. The partition does not depend on the thread count, and callers combine per-chunk
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

    /** {@code threads} threads in all: the caller's and a pool of {@code threads - 1} helpers. */
    ChunkRunner(int threads, Kernels kernels) {
        this.threads = threads;
        this.kernels = kernels;
        AtomicInteger n = new AtomicInteger();
        this.pool = threads == 1
                ? null
                : Executors.newFixedThreadPool(threads - 1, r -> {
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
        AtomicInteger next = new AtomicInteger();
        together(Math.min(threads, chunks), worker -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                runOne(task, c, images);
            }
        });
    }

    /**
     * Runs {@code task} once per thread, each on its own part, and waits: for element-wise work (sums
     * of the chunks' gradients, the optimizer's update, layout copies), where each element's
     * arithmetic is the same whichever part does it.
     */
    void eachPart(PartTask task) {
        together(threads, part -> task.run(part, threads));
    }

    /** The first index of part {@code part} of {@code parts} over {@code n} elements. */
    static int start(int n, int part, int parts) {
        return (int) ((long) n * part / parts);
    }

    /**
     * Runs {@code work(0)} on the calling thread and {@code work(1 .. workers-1)} on the pool, and
     * returns when all have ended. The caller works instead of waiting: a step hands work over to
     * the pool once instead of twice, and on 2 cores each hand-over costs tens of microseconds.
     */
    private void together(int workers, IntConsumer work) {
        if (pool == null || workers <= 1) {
            work.accept(0);
            return;
        }
        List<Future<?>> helpers = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            int worker = w;
            helpers.add(pool.submit(() -> work.accept(worker)));
        }
        RuntimeException failure = null;
        try {
            work.accept(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            for (Future<?> f : helpers) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException re
                                ? re
                                : new Mnist4jException("cpu-ref computation failed: " + e.getCause(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            helpers.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new Mnist4jException("interrupted while computing", e);
        }
        if (failure != null) {
            throw failure;
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
