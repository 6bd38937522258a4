package dev.mnist4j.backend.cpuref;

import dev.mnist4j.core.Mnist4jException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Splits a batch into fixed chunks of {@link Workspace#CHUNK} images and runs them on the calling
 * thread and a fixed set of helper threads. The partition does not depend on the thread count, and
 * callers combine per-chunk results in chunk order, so results are the same whatever the number of
 * threads.
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

    /**
     * How long a thread waits by spinning before it sleeps: a step hands work to the helpers twice
     * (forward-backward, then the update) a few milliseconds apart, and on 2 cores waking a
     * sleeping thread costs tens of microseconds each way.
     */
    private static final long SPIN_NANOS = 100_000;

    /** Started on first use, so that a model that never computes on several threads starts none. */
    private final Helper[] helpers;
    /** Set while one caller's work is with the helpers; other callers do all of theirs alone. */
    private final AtomicBoolean helping = new AtomicBoolean();
    /** Whether {@link #close} has ended the helpers; read and written only while holding {@link #helping}. */
    private boolean closed;

    private final int threads;
    private final Kernels kernels;
    /**
     * Idle workspaces: the first {@code threads} made lie on cache lines, each in a heap region of
     * its own ({@link AlignedFloats}: up to 8 MB), and are taken first; more callers at once
     * (concurrent predictions) get plain ones, so memory does not grow by a region per caller.
     */
    private final ConcurrentLinkedDeque<Workspace> onLines = new ConcurrentLinkedDeque<>();

    private final ConcurrentLinkedDeque<Workspace> plain = new ConcurrentLinkedDeque<>();
    private final AtomicInteger madeOnLines = new AtomicInteger();

    /** {@code threads} threads in all: the caller's and {@code threads - 1} helpers. */
    ChunkRunner(int threads, Kernels kernels) {
        this.threads = threads;
        this.kernels = kernels;
        this.helpers = new Helper[threads - 1];
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
     * Runs {@code work(0)} on the calling thread and {@code work(1 .. workers-1)} on the helpers, and
     * returns when all have ended. The caller works instead of waiting. While another caller has
     * the helpers (concurrent predictions), or after {@link #close}, this one runs every part itself.
     */
    private void together(int workers, IntConsumer work) {
        if (workers <= 1 || !helping.compareAndSet(false, true)) {
            alone(workers, work);
            return;
        }
        try {
            if (closed) {
                alone(workers, work);
                return;
            }
            for (int i = 0; i < workers - 1; i++) {
                if (helpers[i] == null) {
                    helpers[i] = new Helper("mnist4j-cpu-ref-" + (i + 1));
                }
            }
            Job job = new Job(work, workers - 1, Thread.currentThread());
            for (int w = 1; w < workers; w++) {
                helpers[w - 1].start(job, w);
            }
            Throwable failure = null;
            try {
                work.accept(0);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            // The helpers write into shared buffers: wait for them even when this part failed.
            boolean interrupted = job.awaitHelpers();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure == null) {
                failure = job.failure;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw (RuntimeException) failure;
            }
            if (interrupted) {
                throw new Mnist4jException("interrupted while computing");
            }
        } finally {
            helping.set(false);
        }
    }

    private static void alone(int workers, IntConsumer work) {
        for (int w = 0; w < workers; w++) {
            work.accept(w);
        }
    }

    /** One call's work for the helpers, and how many of them are still at it. */
    private static final class Job {
        final IntConsumer work;
        final AtomicInteger running;
        final Thread caller;
        volatile RuntimeException failure;

        Job(IntConsumer work, int helpers, Thread caller) {
            this.work = work;
            this.running = new AtomicInteger(helpers);
            this.caller = caller;
        }

        void run(int part) {
            try {
                work.accept(part);
            } catch (RuntimeException | Error e) {
                failure = e instanceof RuntimeException re
                        ? re
                        : new Mnist4jException("cpu-ref computation failed: " + e, e);
            } finally {
                if (running.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Waits until every helper is done; returns whether the caller was interrupted meanwhile. */
        boolean awaitHelpers() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (running.get() > 0 && System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            }
            boolean interrupted = false;
            while (running.get() > 0) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            return interrupted;
        }
    }

    /** A daemon thread that runs one part of each job it is given, spinning briefly between jobs. */
    private static final class Helper implements Runnable {
        private final Thread thread;
        private volatile Job job;
        private int part;
        private volatile boolean closed;

        Helper(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        void start(Job next, int part) {
            this.part = part; // published by the volatile write of job
            this.job = next;
            LockSupport.unpark(thread);
        }

        void close() {
            closed = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (!closed) {
                Job next = job;
                if (next == null) {
                    long spinUntil = System.nanoTime() + SPIN_NANOS;
                    while ((next = job) == null && !closed && System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    }
                    if (next == null) {
                        LockSupport.park(this);
                        continue;
                    }
                }
                job = null;
                next.run(part);
            }
        }
    }

    private void runOne(ChunkTask task, int chunk, int images) {
        Workspace ws = onLines.poll();
        if (ws == null) {
            ws = plain.poll();
        }
        if (ws == null) {
            ws = new Workspace(kernels, madeOnLines.incrementAndGet() <= threads);
        }
        try {
            int first = chunk * Workspace.CHUNK;
            task.run(ws, chunk, first, Math.min(Workspace.CHUNK, images - first));
        } finally {
            (ws.onLines() ? onLines : plain).push(ws);
        }
    }

    int threads() {
        return threads;
    }

    /** Ends the helper threads, after the computation they are in, if any; later calls run on the caller. */
    @Override
    public void close() {
        while (!helping.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        try {
            closed = true;
            for (Helper h : helpers) {
                if (h != null) {
                    h.close();
                }
            }
        } finally {
            helping.set(false);
        }
    }
}
