package dev.mnist4j.backend.cpuref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnist4j.core.Mnist4jException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The hand-over of work to the helper threads: every part once, failures and interrupts reported,
 * no thread left after close.
 */
class ChunkRunnerTest {
    @Test
    void eachPartRunsEveryPartOnceOnItsOwnThread() {
        try (ChunkRunner runner = new ChunkRunner(3, Kernels.best())) {
            for (int call = 0; call < 1000; call++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(3);
                Set<Thread> threads = ConcurrentHashMap.newKeySet();
                runner.eachPart((part, parts) -> {
                    assertThat(parts).isEqualTo(3);
                    runs.incrementAndGet(part);
                    threads.add(Thread.currentThread());
                });
                assertThat(runs).hasToString("[1, 1, 1]");
                assertThat(threads).hasSize(3).contains(Thread.currentThread());
            }
        }
    }

    @Test
    void onlyAsManyWorkspacesAsThreadsLieOnCacheLinesAndTheyAreTakenFirst() throws Exception {
        try (ChunkRunner runner = new ChunkRunner(2, Kernels.best())) {
            Set<Workspace> seen = ConcurrentHashMap.newKeySet();
            // 8 callers at once, each holding its workspace until all have one
            CountDownLatch allIn = new CountDownLatch(8);
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    calls.add(callers.submit(() -> runner.run(1, (ws, chunk, first, n) -> {
                        seen.add(ws);
                        allIn.countDown();
                        await(allIn);
                    })));
                }
                for (Future<?> call : calls) {
                    call.get(30, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
            assertThat(seen).hasSize(8);
            assertThat(seen.stream().filter(Workspace::onLines)).hasSize(2);
            // one caller again: it gets a workspace on cache lines
            for (int i = 0; i < 20; i++) {
                runner.run(32, (ws, chunk, first, n) -> assertThat(ws.onLines()).isTrue());
            }
        }
    }

    @Test
    void aHelpersFailureReachesTheCallerAfterEveryPartHasEnded() {
        try (ChunkRunner runner = new ChunkRunner(2, Kernels.best())) {
            AtomicIntegerArray ended = new AtomicIntegerArray(2);
            assertThatThrownBy(() -> runner.eachPart((part, parts) -> {
                        if (part == 1) {
                            throw new IllegalStateException("part 1 failed");
                        }
                        sleep(50);
                        ended.set(0, 1);
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("part 1 failed");
            assertThat(ended.get(0)).isEqualTo(1);
            // and the runner still works
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            runner.eachPart((part, parts) -> runs.incrementAndGet(part));
            assertThat(runs).hasToString("[1, 1]");
        }
    }

    @Test
    void anErrorInTheCallersPartWaitsForTheHelpersToo() {
        try (ChunkRunner runner = new ChunkRunner(2, Kernels.best())) {
            AtomicIntegerArray ended = new AtomicIntegerArray(2);
            assertThatThrownBy(() -> runner.eachPart((part, parts) -> {
                        if (part == 0) {
                            throw new AssertionError("part 0 failed");
                        }
                        sleep(100);
                        ended.set(1, 1);
                    }))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("part 0 failed");
            assertThat(ended.get(1))
                    .as("the helper's part ended before the caller returned")
                    .isEqualTo(1);
        }
    }

    @Test
    void concurrentCallersEachGetAllTheirPartsRun() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (ChunkRunner runner = new ChunkRunner(2, Kernels.best())) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                results.add(callers.submit(() -> {
                    for (int call = 0; call < 500; call++) {
                        AtomicIntegerArray runs = new AtomicIntegerArray(2);
                        runner.eachPart((part, parts) -> runs.incrementAndGet(part));
                        if (runs.get(0) != 1 || runs.get(1) != 1) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anInterruptedCallerWaitsForTheHelpersThenSaysSo() {
        try (ChunkRunner runner = new ChunkRunner(2, Kernels.best())) {
            CountDownLatch helperStarted = new CountDownLatch(1);
            AtomicIntegerArray ended = new AtomicIntegerArray(2);
            Thread caller = Thread.currentThread();
            assertThatThrownBy(() -> runner.eachPart((part, parts) -> {
                        if (part == 1) {
                            helperStarted.countDown();
                            sleep(200);
                            ended.set(1, 1);
                        } else {
                            await(helperStarted);
                            caller.interrupt();
                        }
                    }))
                    .isInstanceOf(Mnist4jException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
            assertThat(ended.get(1))
                    .as("the helper's part ended before the caller returned")
                    .isEqualTo(1);
        }
    }

    @Test
    void closeEndsTheHelperThreads() throws InterruptedException {
        ChunkRunner runner = new ChunkRunner(3, Kernels.best());
        Set<Thread> helpers = ConcurrentHashMap.newKeySet();
        runner.eachPart((part, parts) -> {
            if (part > 0) {
                helpers.add(Thread.currentThread());
            }
        });
        runner.close();
        assertThat(helpers).hasSize(2);
        for (Thread t : helpers) {
            t.join(10_000);
            assertThat(t.isAlive()).as(t.getName() + " still alive after close").isFalse();
        }
        // a closed runner still computes, on the caller's thread
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        runner.eachPart((part, parts) -> {
            runs.incrementAndGet(part);
            threads.add(Thread.currentThread());
        });
        assertThat(runs).hasToString("[1, 1, 1]");
        assertThat(threads).containsExactly(Thread.currentThread());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
