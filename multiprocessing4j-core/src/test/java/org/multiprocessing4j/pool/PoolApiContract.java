package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.*;
import static org.multiprocessing4j.pool.Fns.range;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The Pool API, as CPython's {@code _TestPool} checks it, run against every kind of pool: worker JVMs, in-process
 * protocol workers, threads. One pool per class (JVM starts are slow); lifecycle tests make their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
abstract class PoolApiContract {
    private TaskPool shared;

    abstract TaskPool newPool(int processes);

    /** A pool whose workers hold results up to {@code window} to send them together (not threads: they do not). */
    TaskPool newBatchingPool(int processes, Duration window) {
        throw new UnsupportedOperationException("thread workers deliver each result at once");
    }

    interface PoolBody {
        void run(TaskPool p) throws Exception;
    }

    /** Runs {@code body} on {@code p}, then terminates and joins it. */
    static void withPool(TaskPool p, PoolBody body) throws Exception {
        try {
            body.run(p);
        } finally {
            p.terminate();
            assertTrue(p.join(Duration.ofSeconds(60)));
        }
    }

    TaskPool pool() {
        if (shared == null) shared = newPool(2);
        return shared;
    }

    @AfterAll
    void tearDown() throws Exception {
        if (shared != null) {
            shared.terminate();
            assertTrue(shared.join(Duration.ofSeconds(30)));
        }
        Children.assertNoneLeft();
    }


    @Test
    void apply() throws Exception {
        assertEquals(25, pool().apply(Fns::square, 5));
        assertEquals(7, pool().apply(() -> 7));
    }

    @Test
    void applyAsyncWithCallbacks() throws Exception {
        List<Object> got = new CopyOnWriteArrayList<>();
        AsyncResult<Integer> r = pool().applyAsync(Fns::square, 6, got::add, got::add);
        assertEquals(36, r.get(Duration.ofSeconds(60)));
        assertEquals(List.of(36), got, "callback runs before the result is ready");
        assertTrue(r.ready());
        assertTrue(r.successful());
        AsyncResult<Integer> bad = pool().applyAsync(Fns::failOn, 5, got::add, got::add);
        assertTrue(bad.await(Duration.ofSeconds(60)));
        assertFalse(bad.successful());
        assertEquals(2, got.size());
        assertInstanceOf(IllegalArgumentException.class, got.get(1));
    }

    @Test
    void getTimeoutAndReadiness() throws Exception {
        AsyncResult<Integer> r = pool().applyAsync(Fns::sleepMillis, 1500);
        assertThrows(TimeoutException.class, () -> r.get(Duration.ofMillis(10)));
        assertFalse(r.ready());
        assertThrows(IllegalStateException.class, r::successful);
        assertEquals(1500, r.get(Duration.ofSeconds(60)));
        assertTrue(r.successful());
    }

    @Test
    void mapKeepsOrderForEveryChunksize() throws Exception {
        List<Integer> expected = range(1000).stream().map(Fns::square).toList();
        assertEquals(expected, pool().map(Fns::square, range(1000)));
        for (int cs : new int[] {1, 3, 7, 100, 5000}) {
            assertEquals(expected, pool().map(Fns::square, range(1000), cs), "chunksize " + cs);
        }
        assertEquals(List.of(), pool().map(Fns::square, List.<Integer>of()));
    }

    @Test
    void mapOfObjectsWhateverTheListType() throws Exception {
        // a chunk is a view of the caller's list: sublists of List.of and ArrayList are not serializable themselves
        List<String> in = List.of("a", "b", "c", "d", "e");
        List<String> want = List.of("A", "B", "C", "D", "E");
        assertEquals(want, pool().map(Fns::upper, in));
        assertEquals(want, pool().map(Fns::upper, new ArrayList<>(in), 2));
        assertEquals(want, pool().map(Fns::upper, in.stream().toList(), 3));
        assertEquals(want, pool().starmap(Fns::concat, List.of(Map.entry("A", ""), Map.entry("B", ""),
                Map.entry("C", ""), Map.entry("D", ""), Map.entry("E", ""))));
    }

    @Test
    void mapKeepsEveryValueAndItsClassWhateverTheMix() throws Exception {
        // numbers travel as primitive columns while a chunk is uniform: mixes, nulls and odd values must not suffer
        List<Object> in = Arrays.asList(1, 2, 3L, null, 4.5, -0.0, Double.NaN, Long.MIN_VALUE, Integer.MAX_VALUE, "s",
                (short) 7, 8, 9, 10L, 11L, 12.0, 13.0f, 'c', true, new java.math.BigInteger("14"));
        for (int cs : new int[] {1, 2, 3, 4, 7, 100}) {
            List<Object> lazy = new ArrayList<>();
            pool().imap(Fns::identity, in, cs).forEachRemaining(lazy::add); // chunks made as the input is read
            for (List<Object> got : List.of(pool().map(Fns::identity, in, cs), lazy)) {
                assertEquals(in.size(), got.size());
                for (int i = 0; i < in.size(); i++) {
                    Object w = in.get(i), g = got.get(i);
                    assertEquals(w, g, "chunksize " + cs + ", item " + i);
                    if (w != null) assertSame(w.getClass(), g.getClass(), "chunksize " + cs + ", class of item " + i);
                }
            }
        }
        assertEquals(List.of(1L, 2, 3L, 4), pool().map(Fns::evenAsInt, List.of(1L, 2L, 3L, 4L), 4),
                "results switch from Long to Integer inside one chunk");
    }

    @Test
    void mapAsyncCallback() throws Exception {
        List<Object> got = new CopyOnWriteArrayList<>();
        AsyncResult<List<Integer>> r = pool().mapAsync(Fns::square, range(123), 8, got::add, got::add);
        assertEquals(range(123).stream().map(Fns::square).toList(), r.get(Duration.ofSeconds(60)));
        assertEquals(1, got.size());
    }

    @Test
    void defaultChunksizeIsCPythons() {
        assertEquals(125000, PoolBase.defaultChunksize(1_000_000, 2));
        assertEquals(5, PoolBase.defaultChunksize(40, 2));
        assertEquals(8, PoolBase.defaultChunksize(123, 4));
        assertEquals(1, PoolBase.defaultChunksize(3, 4));
    }

    @Test
    void imapOrderedAndUnordered() throws Exception {
        List<Integer> expected = range(500).stream().map(Fns::square).toList();
        for (int cs : new int[] {1, 10, 1000}) {
            List<Integer> got = new ArrayList<>();
            try (ResultIterator<Integer> it = pool().imap(Fns::square, range(500), cs)) {
                it.forEachRemaining(got::add);
            }
            assertEquals(expected, got);
            Set<Integer> unordered = new HashSet<>();
            try (ResultIterator<Integer> it = pool().imapUnordered(Fns::square, range(500), cs)) {
                it.forEachRemaining(unordered::add);
            }
            assertEquals(new HashSet<>(expected), unordered);
        }
    }

    @Test
    void imapIsLazyOnAnEndlessInput() throws Exception {
        Iterator<Integer> endless = IntStream.iterate(0, i -> i + 1).boxed().iterator();
        try (ResultIterator<Integer> it = pool().imap(Fns::square, () -> endless, 2)) {
            for (int i = 0; i < 50; i++) assertEquals(i * i, it.next());
        }
    }

    @Test
    void imapRaisesAtTheFailingItem() {
        ResultIterator<Integer> it = pool().imap(Fns::failOn, range(10));
        for (int i = 0; i < 5; i++) assertEquals(i, it.next());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::next);
        assertEquals("bad input 5", e.getMessage());
        assertFalse(it.hasNext());
    }

    @Test
    void starmap() throws Exception {
        List<Map.Entry<Integer, Integer>> args = new ArrayList<>();
        for (int i = 0; i < 20; i++) args.add(Map.entry(i, 2 * i));
        assertEquals(IntStream.range(0, 20).map(i -> 3 * i).boxed().toList(), pool().starmap(Fns::add, args, 3));
        assertEquals(List.of(3), pool().starmapAsync(Fns::add, List.of(Map.entry(1, 2))).get(Duration.ofSeconds(60)));
    }

    @Test
    void exceptionKeepsTypeMessageAndNamesTheInput() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool().apply(Fns::failOn, 5));
        assertEquals("bad input 5", e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> pool().map(Fns::failOn, range(10), 3));
        assertEquals("bad input 5", m.getMessage());
        if (!(pool() instanceof ThreadPool)) {
            RemoteTraceback rt = assertInstanceOf(RemoteTraceback.class, m.getCause());
            assertTrue(rt.where().contains("item #5 (input: 5)"), rt.where());
            assertTrue(rt.trace().contains("Fns.failOn"), rt.trace());
        }
        CompletionException c = assertThrows(CompletionException.class, () -> pool().apply(() -> Fns.checked(1)));
        assertInstanceOf(java.io.IOException.class, c.getCause());
        ExecutionException x = assertThrows(ExecutionException.class,
                () -> pool().applyAsync(() -> Fns.checked(2)).get(Duration.ofSeconds(60)));
        assertEquals("checked 2", x.getCause().getMessage());
    }

    @Test
    void manyAsyncTasks() throws Exception {
        List<AsyncResult<Integer>> rs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) rs.add(pool().applyAsync(Fns::ident, i));
        long sum = 0;
        for (AsyncResult<Integer> r : rs) sum += r.get(Duration.ofSeconds(60));
        assertEquals(1999L * 2000 / 2, sum);
    }

    @Test
    void lifecycle() throws Exception {
        TaskPool p = newPool(1);
        assertThrows(IllegalStateException.class, () -> p.join(Duration.ofMillis(1)));
        AsyncResult<Integer> r = p.applyAsync(Fns::sleepMillis, 200);
        p.shutdown();
        assertThrows(RejectedExecutionException.class, () -> p.applyAsync(Fns::square, 1));
        Object notSerializable = new Object();
        assertThrows(RejectedExecutionException.class, () -> p.applyAsync(Fns::pid, notSerializable));
        assertThrows(RejectedExecutionException.class, () -> p.mapAsync(Fns::pid, List.of(notSerializable)));
        assertTrue(p.join(Duration.ofSeconds(60)));
        assertEquals(200, r.get(Duration.ofSeconds(1)), "shutdown lets queued tasks finish");
    }

    @Test
    void terminateCancelsOutstanding() throws Exception {
        TaskPool p = newPool(1);
        AsyncResult<Integer> running = p.applyAsync(Fns::sleepMillis, 30_000);
        AsyncResult<Integer> queued = p.applyAsync(Fns::square, 3);
        p.terminate();
        assertTrue(p.join(Duration.ofSeconds(30)));
        assertTrue(running.isCancelled());
        assertTrue(queued.isCancelled());
    }

    @Test
    void tryWithResourcesTerminates() throws Exception {
        AsyncResult<Integer> r;
        try (TaskPool p = newPool(1)) {
            assertEquals(4, p.apply(Fns::square, 2));
            r = p.applyAsync(Fns::sleepMillis, 30_000);
        }
        assertTrue(r.isCancelled());
    }

    @Test
    void initializerRunsInEveryWorker() throws Exception {
        TaskPool p = initPool();
        try {
            List<String> got = p.map(Fns::initialized, range(8), 1);
            assertEquals(List.of("yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes"), got);
        } finally {
            p.terminate();
            p.join(Duration.ofSeconds(30));
        }
    }

    abstract TaskPool initPool();

    @Test
    void cancelledPendingTaskNeverRuns() throws Exception {
        TaskPool p = newPool(1);
        try {
            AsyncResult<Integer> blocker = p.applyAsync(Fns::sleepMillis, 500);
            AsyncResult<Integer> victim = p.applyAsync(Fns::failOn, 5);
            assertTrue(victim.cancel(false));
            AsyncResult<Integer> after = p.applyAsync(Fns::square, 4);
            assertEquals(16, after.get(Duration.ofSeconds(60)));
            assertEquals(500, blocker.get(Duration.ofSeconds(1)));
            assertTrue(victim.isCancelled());
        } finally {
            p.terminate();
            p.join(Duration.ofSeconds(30));
        }
    }

    @Test
    void aDependentOnTheTerminatingThreadMayJoin() throws Exception {
        // terminate() completes the cancelled futures on its caller's thread: a dependent there that joins must find
        // the workers already told to end (else it waits for a terminate() that waits for it)
        TaskPool p = newPool(1);
        try {
            AsyncResult<Integer> r = p.applyAsync(Fns::sleepMillis, 60_000);
            java.util.concurrent.atomic.AtomicReference<Thread> ranOn = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.CompletableFuture<Boolean> joined = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.atomic.AtomicLong joinNanos = new java.util.concurrent.atomic.AtomicLong();
            r.whenComplete((v, e) -> {
                ranOn.set(Thread.currentThread());
                try {
                    long t0 = System.nanoTime();
                    joined.complete(p.join(Duration.ofSeconds(40)));
                    joinNanos.set(System.nanoTime() - t0);
                } catch (Throwable t) {
                    joined.completeExceptionally(t);
                }
            });
            p.terminate();
            assertSame(Thread.currentThread(), ranOn.get(), "terminate() completed the future on this thread");
            assertTrue(joined.get(60, java.util.concurrent.TimeUnit.SECONDS), "the dependent's join saw the pool end");
            // a join woken only by its own timeout (a missed signal) still returns true: catch it by its length
            assertTrue(joinNanos.get() < 20_000_000_000L, "join was not woken when the pool ended: " + joinNanos.get() / 1_000_000 + " ms");
            assertTrue(r.isCancelled());
        } finally {
            p.terminate();
            assertTrue(p.join(Duration.ofSeconds(60)));
        }
    }

    @Test
    void joinOnThePoolsOwnThreadThrowsInsteadOfWaitingForItself() throws Exception {
        // a callback runs on the thread that delivers results (or a thread pool's worker), which must return before
        // the pool can end: CPython hangs here
        TaskPool p = newPool(1);
        TaskPool q = null;
        try {
            java.util.concurrent.CompletableFuture<Throwable> joinFailed = new java.util.concurrent.CompletableFuture<>();
            AsyncResult<Integer> r = p.applyAsync(Fns::square, 3, v -> {
                p.shutdown();
                try {
                    p.join(Duration.ofSeconds(20));
                    joinFailed.complete(null);
                } catch (Throwable t) {
                    joinFailed.complete(t);
                }
            }, joinFailed::complete);
            Throwable t = joinFailed.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, t);
            assertTrue(t.getMessage().contains("own threads"), t.getMessage());
            assertEquals(9, r.get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(p.join(Duration.ofSeconds(60)), "joined from outside, the pool ends");
            // close() there terminates without waiting
            TaskPool closing = q = newPool(1);
            java.util.concurrent.CompletableFuture<Boolean> closed = new java.util.concurrent.CompletableFuture<>();
            q.applyAsync(Fns::square, 4, v -> {
                closing.close();
                closed.complete(true);
            }, closed::completeExceptionally);
            assertTrue(closed.get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(q.join(Duration.ofSeconds(60)));
        } finally {
            p.terminate();
            assertTrue(p.join(Duration.ofSeconds(60)));
            if (q != null) {
                q.terminate();
                assertTrue(q.join(Duration.ofSeconds(60)));
            }
        }
    }

    @Test
    void aCallbackMayWaitForAnotherResultOfTheSamePool() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(this instanceof ThreadPoolApiTest,
                "a thread pool runs callbacks on its worker threads: as any thread pool, it needs a free one");
        TaskPool p = newPool(1); // one worker: every result comes through the one thread that runs the callbacks
        try {
            java.util.concurrent.CompletableFuture<Integer> chained = p.applyAsync(Fns::square, 2).thenApply(y -> {
                try {
                    return p.apply(Fns::square, y);
                } catch (InterruptedException e) {
                    throw new CompletionException(e);
                }
            });
            assertEquals(16, chained.get(60, java.util.concurrent.TimeUnit.SECONDS));
            java.util.concurrent.CompletableFuture<List<Integer>> inCallback = new java.util.concurrent.CompletableFuture<>();
            p.applyAsync(Fns::square, 3, v -> {
                try {
                    List<Integer> out = new ArrayList<>();
                    p.imap(Fns::square, List.of(v, v + 1)).forEachRemaining(out::add);
                    out.add(p.applyAsync(Fns::square, 2).join());
                    inCallback.complete(out);
                } catch (Throwable t) {
                    inCallback.completeExceptionally(t);
                }
            }, inCallback::completeExceptionally);
            assertEquals(List.of(81, 100, 4), inCallback.get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(25, p.apply(Fns::square, 5), "the pool goes on");
        } finally {
            p.terminate();
            assertTrue(p.join(Duration.ofSeconds(60)));
        }
    }

    @Test
    void aCallbackMayWaitForAResultThatArrivedWithItsOwn() throws Exception {
        // a worker sends the results of quick tasks together: a's callback must not hold back b's, which it waits
        // for. Both are given before the worker is ready, so they go to it in one message, and with a long batch
        // window their results come back in one
        org.junit.jupiter.api.Assumptions.assumeFalse(this instanceof ThreadPoolApiTest,
                "thread workers deliver each result at once");
        for (int round = 0; round < 3; round++) {
            String name = "round " + round;
            withPool(newBatchingPool(1, Duration.ofSeconds(1)), p -> {
                java.util.concurrent.atomic.AtomicReference<AsyncResult<Integer>> b = new java.util.concurrent.atomic.AtomicReference<>();
                java.util.concurrent.CompletableFuture<Object> seen = new java.util.concurrent.CompletableFuture<>();
                java.util.concurrent.CountDownLatch bSet = new java.util.concurrent.CountDownLatch(1);
                p.applyAsync(Fns::square, 2, v -> {
                    try {
                        assertTrue(bSet.await(30, java.util.concurrent.TimeUnit.SECONDS));
                        seen.complete(b.get().get(30, java.util.concurrent.TimeUnit.SECONDS));
                    } catch (Throwable t) {
                        seen.complete(t);
                    }
                }, seen::complete);
                b.set(p.applyAsync(Fns::square, 3));
                bSet.countDown();
                assertEquals(9, seen.get(60, java.util.concurrent.TimeUnit.SECONDS), name);
                assertEquals(16, p.apply(Fns::square, 4), "the pool goes on");
            });
        }
    }

    @Test
    void aDependentOfADeadWorkersTaskMayUseThePool() throws Exception {
        // the futures of a killed worker's tasks complete on the thread that handles its end: with one worker, a
        // dependent there that waits for another task needs the replacement already started
        withPool(newPool(1), p -> {
            java.util.concurrent.CompletableFuture<Object> after = p.applyAsync(Fns::sleepMillis, 60_000, Duration.ofMillis(300))
                    .handle((v, e) -> {
                        if (!(e instanceof TaskTimeoutException)) return new AssertionError("expected a timeout: " + v + " " + e);
                        try {
                            return p.applyAsync(Fns::square, 3).get(30, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (Exception x) {
                            return x;
                        }
                    });
            assertEquals(9, after.get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(16, p.apply(Fns::square, 4), "the pool goes on");
        });
    }

    @Test
    void aResultArrivingAfterTheFutureEndedOtherwiseRunsNoCallback() throws Exception {
        // orTimeout (or a user's complete) ends the future first: the late result must not reach its callback
        withPool(newPool(1), p -> {
            org.multiprocessing4j.sync.SharedEvent go = new org.multiprocessing4j.sync.SharedEvent();
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            AsyncResult<Integer> r = p.applyAsync(g -> Fns.afterEvent(g, 5), go, v -> calls.incrementAndGet(),
                    e -> calls.incrementAndGet());
            r.orTimeout(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
            go.set();
            assertEquals(4, p.apply(Fns::square, 2), "after the late result, on the same worker and reader");
            assertEquals(0, calls.get());
            AsyncResult<Integer> c = p.applyAsync(g -> Fns.afterEvent(g, 6), new org.multiprocessing4j.sync.SharedEvent());
            assertTrue(c.cancel(true));
            assertTrue(c.cancel(true), "true again for a cancelled future, as CompletableFuture");
            assertEquals(9, p.apply(Fns::square, 3));
        });
    }

    @Test
    void aMapsErrorCallbackRunsOnceWhenChunksFailTogether() throws Exception {
        // chunks fail on two workers' threads at once: the first failure ends the map, the others are not reported
        withPool(newPool(2), p -> {
            for (int round = 0; round < 3; round++) {
                java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.CountDownLatch second = new java.util.concurrent.CountDownLatch(2);
                AsyncResult<List<Integer>> r = p.mapAsync(Fns::alwaysFail, range(40), 1, v -> calls.addAndGet(1000), e -> {
                    calls.incrementAndGet();
                    second.countDown();
                    try {
                        second.await(1, java.util.concurrent.TimeUnit.SECONDS); // a second call would come now
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                    }
                });
                ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(60, java.util.concurrent.TimeUnit.SECONDS));
                assertInstanceOf(IllegalStateException.class, e.getCause());
                assertEquals(List.of(0, 1, 4), p.map(Fns::square, range(3)), "the map's other chunks are done or dropped");
                assertEquals(1, calls.get(), "round " + round + ": the error callback ran once, the callback never");
            }
        });
    }

    @Test
    void waitingForAResultInsideItsOwnCallbackFailsInsteadOfHanging() throws Exception {
        // the callback runs before its result is set: CPython hangs on result.get() there
        org.multiprocessing4j.sync.SharedEvent go = new org.multiprocessing4j.sync.SharedEvent();
        java.util.concurrent.atomic.AtomicReference<AsyncResult<Integer>> self = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CompletableFuture<Throwable> seen = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Throwable> timed = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Boolean> awaited = new java.util.concurrent.CompletableFuture<>();
        self.set(pool().applyAsync(g -> Fns.afterEvent(g, 7), go, v -> {
            try {
                seen.complete(new AssertionError("got " + self.get().get()));
            } catch (Throwable t) {
                seen.complete(t);
            }
            // a timed wait times out at once: the Future contract, without waiting for nothing
            long t0 = System.nanoTime();
            try {
                timed.complete(new AssertionError("got " + self.get().get(40, java.util.concurrent.TimeUnit.SECONDS)));
            } catch (Throwable t) {
                timed.complete(System.nanoTime() - t0 < 20_000_000_000L ? t : new AssertionError("waited", t));
            }
            try {
                awaited.complete(self.get().await(Duration.ofSeconds(40)));
            } catch (Throwable t) {
                awaited.completeExceptionally(t);
            }
        }, seen::complete));
        go.set();
        Throwable t = seen.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().contains("inside its own callback"), t.getMessage());
        assertInstanceOf(TimeoutException.class, timed.get(60, java.util.concurrent.TimeUnit.SECONDS));
        assertFalse(awaited.get(60, java.util.concurrent.TimeUnit.SECONDS), "not ready inside its own callback");
        assertEquals(7, self.get().get(60, java.util.concurrent.TimeUnit.SECONDS), "the result is set after the callback");
    }
}
