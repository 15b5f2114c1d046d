package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.*;
import static org.multiprocessing4j.pool.Fns.range;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.sync.SharedEvent;

/**
 * CPython's Lib/test/test_concurrent_futures (executor, process pool, shutdown, wait, as_completed, init) as far
 * as it has meaning here, against every kind of executor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
abstract class ExecutorContract {
    private PoolExecutor shared;

    abstract PoolExecutor newExecutor(int maxWorkers);

    abstract PoolExecutor withInitializer(int maxWorkers, org.multiprocessing4j.function.SerializableConsumer<String> init, String arg);

    abstract PoolExecutor withMaxTasks(int maxWorkers, int maxTasksPerChild);

    PoolExecutor ex() {
        if (shared == null) shared = newExecutor(2);
        return shared;
    }

    @AfterAll
    void tearDown() throws Exception {
        if (shared != null) {
            shared.shutdownNow();
            assertTrue(shared.awaitTermination(30, TimeUnit.SECONDS));
        }
        Children.assertNoneLeft();
    }


    static void end(PoolExecutor e) throws InterruptedException {
        e.shutdownNow();
        assertTrue(e.awaitTermination(30, TimeUnit.SECONDS));
    }

    @Test
    void submit() throws Exception {
        assertEquals(256, ex().submit(Fns::square, 16).get(60, TimeUnit.SECONDS));
        assertEquals(5, ex().submit((Callable<Integer> & java.io.Serializable) () -> 5).get(60, TimeUnit.SECONDS));
        CompletableFuture<?> r = ex().submit((Runnable & java.io.Serializable) () -> {});
        assertNull(r.get(60, TimeUnit.SECONDS));
    }

    @Test
    void mapInOrderForEveryChunksize() {
        List<Integer> expected = range(300).stream().map(Fns::square).toList();
        for (int cs : new int[] {1, 2, 30, 1000}) {
            List<Integer> got = new ArrayList<>();
            ex().map(Fns::square, range(300), null, cs).forEachRemaining(got::add);
            assertEquals(expected, got, "chunksize " + cs);
        }
        assertThrows(IllegalArgumentException.class, () -> ex().map(Fns::square, range(3), null, 0));
    }

    @Test
    void mapExceptionAtItsPosition() {
        Iterator<Integer> it = ex().map(Fns::failOn, range(10), null, 1);
        for (int i = 0; i < 5; i++) assertEquals(i, it.next());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::next);
        assertEquals("bad input 5", e.getMessage());
    }

    @Test
    void mapTimeoutCountsFromTheCall() {
        List<Integer> got = new ArrayList<>();
        CompletableFuture.allOf(ex().submit(Fns::sleepMillis, 300), ex().submit(Fns::sleepMillis, 300)).join(); // workers up
        Iterator<Integer> it = ex().map(Fns::sleepMillis, List.of(0, 0, 20_000), Duration.ofSeconds(3), 1);
        CompletionException e = assertThrows(CompletionException.class, () -> it.forEachRemaining(got::add));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertEquals(List.of(0, 0), got);
    }

    @Test
    void mapIsLazyOverAnEndlessInput() {
        Iterator<Integer> endless = IntStream.iterate(0, i -> i + 1).boxed().iterator();
        try (ResultIterator<Integer> it = ex().map(Fns::square, () -> endless, null, 3)) {
            for (int i = 0; i < 40; i++) assertEquals(i * i, it.next());
        }
    }

    @Test
    void invokeAllAndAny() throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int k = i;
            tasks.add((Callable<Integer> & java.io.Serializable) () -> k * 10);
        }
        List<Future<Integer>> fs = ex().invokeAll(tasks);
        for (int i = 0; i < 6; i++) assertEquals(i * 10, fs.get(i).get());
        int any = ex().invokeAny(tasks);
        assertEquals(0, any % 10);
        List<Callable<Integer>> failing = List.of((Callable<Integer> & java.io.Serializable) () -> Fns.failOn(5));
        ExecutionException e = assertThrows(ExecutionException.class, () -> ex().invokeAny(failing));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void waitFirstCompletedAndAllCompleted() throws Exception {
        // The slow task ends only when the test says so: the order does not depend on the machine's speed.
        SharedEvent go = new SharedEvent();
        CompletableFuture<Integer> slow = ex().submit(g -> Fns.afterEvent(g, 1500), go);
        CompletableFuture<Integer> fast = ex().submit(Fns::square, 3);
        assertEquals(9, CompletableFuture.anyOf(slow, fast).get(60, TimeUnit.SECONDS));
        assertFalse(slow.isDone(), "first completed returns before the slow one");
        go.set();
        CompletableFuture.allOf(slow, fast).get(60, TimeUnit.SECONDS);
        assertEquals(1500, slow.get());
        assertTrue(slow.isDone());
        CompletableFuture<Integer> bad = ex().submit(Fns::failOn, 5);
        ExecutionException e = assertThrows(ExecutionException.class, () -> CompletableFuture.allOf(bad).get(60, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        CompletableFuture<Integer> pending = ex().submit(Fns::sleepMillis, 1000);
        assertThrows(TimeoutException.class, () -> pending.get(1, TimeUnit.MILLISECONDS));
        assertEquals(1000, pending.get(60, TimeUnit.SECONDS));
    }

    @Test
    void asCompletedOrder() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<Integer> done = new java.util.concurrent.LinkedBlockingQueue<>();
        SharedEvent go = new SharedEvent();
        CompletableFuture<Integer> slow = ex().submit(g -> Fns.afterEvent(g, 1200), go);
        CompletableFuture<Integer> fast = ex().submit(Fns::square, 2);
        slow.thenAccept(done::add);
        fast.thenAccept(done::add);
        assertEquals(4, done.poll(60, TimeUnit.SECONDS));
        go.set();
        assertEquals(1200, done.poll(60, TimeUnit.SECONDS));
    }

    @Test
    void runAfterShutdownIsRejected() throws Exception {
        PoolExecutor e = newExecutor(1);
        try {
            assertEquals(4, e.submit(Fns::square, 2).get(60, TimeUnit.SECONDS));
            e.shutdown();
            assertThrows(RejectedExecutionException.class, () -> e.submit(Fns::square, 2));
            // Rejected too when the task could not have been sent anyway (a plain lambda, an argument that cannot
            // be encoded): the executor's state comes first, as ExecutorService requires.
            Object notSerializable = new Object();
            assertThrows(RejectedExecutionException.class, () -> e.submit(() -> notSerializable.hashCode()));
            assertThrows(RejectedExecutionException.class, () -> e.submit(Fns::pid, notSerializable));
            assertThrows(RejectedExecutionException.class,
                    () -> e.map(Fns::pid, List.of(notSerializable), Duration.ofSeconds(60), 1));
            assertTrue(e.awaitTermination(60, TimeUnit.SECONDS));
            assertTrue(e.isTerminated());
        } finally {
            end(e);
        }
    }

    @Test
    void shutdownWaitFinishesQueuedTasks() throws Exception {
        PoolExecutor e = newExecutor(2);
        List<CompletableFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 6; i++) fs.add(e.submit(Fns::sleepMillis, 100));
        e.shutdown(true, false);
        for (CompletableFuture<Integer> f : fs) assertEquals(100, f.getNow(-1));
        assertTrue(e.isTerminated());
    }

    @Test
    void shutdownCancelFutures() throws Exception {
        PoolExecutor e = newExecutor(1);
        CompletableFuture<Integer> running = e.submit(Fns::sleepMillis, 700);
        assertEquals(4, e.submit(Fns::square, 2).get(60, TimeUnit.SECONDS) - 0 * running.hashCode());
        CompletableFuture<Integer> slow = e.submit(Fns::sleepMillis, 700);
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) queued.add(e.submit(Fns::sleepMillis, 500));
        e.shutdown(true, true);
        assertEquals(700, running.getNow(-1));
        assertEquals(700, slow.getNow(-1));
        long cancelled = queued.stream().filter(CompletableFuture::isCancelled).count();
        assertTrue(cancelled >= 45, "most queued tasks are cancelled, got " + cancelled);
        for (CompletableFuture<Integer> f : queued) assertTrue(f.isDone());
    }

    @Test
    void contextManagerWaits() throws Exception {
        CompletableFuture<Integer> f;
        try (PoolExecutor e = newExecutor(1)) {
            f = e.submit(Fns::sleepMillis, 300);
        }
        assertEquals(300, f.getNow(-1));
    }

    @Test
    void workersStartOnDemandAndIdleOnesAreReused() throws Exception {
        PoolExecutor e = newExecutor(4);
        try {
            for (int i = 0; i < 5; i++) assertEquals(i * i, e.submit(Fns::square, i).get(60, TimeUnit.SECONDS));
            assertEquals(1, ((ExecutorBase) e).workerCount(), "one task at a time needs one worker");
        } finally {
            end(e);
        }
    }

    @Test
    void initializer() throws Exception {
        PoolExecutor e = withInitializer(2, Fns::init, "yes");
        try {
            List<String> got = new ArrayList<>();
            e.map(Fns::initialized, range(6), null, 1).forEachRemaining(got::add);
            assertEquals(List.of("yes", "yes", "yes", "yes", "yes", "yes"), got);
        } finally {
            end(e);
        }
    }

    @Test
    void brokenInitializerBreaksTheExecutor() throws Exception {
        PoolExecutor e = withInitializer(2, Fns::badInit, "x");
        try {
            CompletableFuture<Integer> f = e.submit(Fns::square, 2);
            ExecutionException x = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
            BrokenProcessPoolException b = assertInstanceOf(BrokenProcessPoolException.class, x.getCause());
            assertTrue(b.getMessage().contains("initializer"), b.getMessage());
            assertThrows(BrokenProcessPoolException.class, () -> e.submit(Fns::square, 3));
        } finally {
            end(e);
        }
    }

    @Test
    void maxTasksPerChild() throws Exception {
        PoolExecutor e = withMaxTasks(1, 2);
        try {
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 4; i++) pids.add(e.submit(Fns::threadOrPid, i).get(60, TimeUnit.SECONDS));
            assertEquals(pids.get(0), pids.get(1));
            assertEquals(pids.get(2), pids.get(3));
            assertNotEquals(pids.get(0), pids.get(2));
            assertEquals(2, new HashSet<>(pids).size());
        } finally {
            end(e);
        }
    }

    @Test
    void cancelledPendingTaskNeverRuns() throws Exception {
        PoolExecutor e = newExecutor(1);
        try {
            CompletableFuture<Integer> blocker = e.submit(Fns::sleepMillis, 500);
            CompletableFuture<Integer> victim = e.submit(Fns::failOn, 5);
            assertTrue(victim.cancel(false));
            assertThrows(CancellationException.class, victim::join);
            assertEquals(500, blocker.get(60, TimeUnit.SECONDS));
            assertEquals(9, e.submit(Fns::square, 3).get(60, TimeUnit.SECONDS));
        } finally {
            end(e);
        }
    }

    @Test
    void waitingOnTheExecutorsOwnThreadThrowsAndCloseReturns() throws Exception {
        // a dependent registered before its task ends runs on the thread that delivers the result, which the executor
        // needs in order to end: waiting there would wait for itself
        PoolExecutor e = newExecutor(1);
        try {
            SharedEvent go = new SharedEvent();
            CompletableFuture<Integer> f = e.submit(g -> Fns.afterEvent(g, 5), go);
            CompletableFuture<Throwable> awaited = new CompletableFuture<>();
            CompletableFuture<Boolean> closed = new CompletableFuture<>();
            f.thenRun(() -> {
                e.shutdown();
                try {
                    e.awaitTermination(20, TimeUnit.SECONDS);
                    awaited.complete(null);
                } catch (Throwable t) {
                    awaited.complete(t);
                }
                e.close(); // shuts down (it is) and returns without waiting
                closed.complete(true);
            });
            go.set();
            // f is not waited for before its dependent ends: a thread waiting in f.get() may run f's dependents itself
            assertInstanceOf(IllegalStateException.class, awaited.get(60, TimeUnit.SECONDS));
            assertTrue(closed.get(60, TimeUnit.SECONDS));
            assertEquals(5, f.get(60, TimeUnit.SECONDS));
            assertTrue(e.awaitTermination(60, TimeUnit.SECONDS), "awaited from outside, it ends");
        } finally {
            e.shutdownNow();
            assertTrue(e.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void aDependentMayWaitForAnotherResultOfTheSameExecutor() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(this instanceof ThreadExecutorTest,
                "a thread executor runs dependents on its worker threads: as any thread pool, it needs a free one");
        PoolExecutor e = newExecutor(1); // one worker: every result comes through the one thread that runs dependents
        try {
            SharedEvent go = new SharedEvent();
            CompletableFuture<List<Integer>> f = e.submit(g -> Fns.afterEvent(g, 3), go).thenApply(y -> {
                List<Integer> out = new ArrayList<>();
                out.add(e.submit(Fns::square, y).join());
                e.map(Fns::square, List.of(4, 5), null, 1).forEachRemaining(out::add);
                return out;
            });
            go.set();
            assertEquals(List.of(9, 16, 25), f.get(60, TimeUnit.SECONDS));
            // invokeAny waits too, for a future of its own
            SharedEvent go2 = new SharedEvent();
            CompletableFuture<Integer> any = e.submit(g -> Fns.afterEvent(g, 7), go2).thenApply(y -> {
                try {
                    return e.invokeAny(List.of((Callable<Integer> & java.io.Serializable) () -> Fns.square(y)),
                            30, TimeUnit.SECONDS);
                } catch (Exception x) {
                    throw new CompletionException(x);
                }
            });
            go2.set();
            assertEquals(49, any.get(60, TimeUnit.SECONDS));
            assertEquals(36, e.submit(Fns::square, 6).get(60, TimeUnit.SECONDS), "the executor goes on");
        } finally {
            e.shutdownNow();
            assertTrue(e.awaitTermination(60, TimeUnit.SECONDS));
        }
    }
}
