package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.*;
import static org.multiprocessing4j.pool.Fns.range;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.codec.DecodingException;
import org.multiprocessing4j.codec.EncodingException;

/**
 * Worker death, task timeouts, cancellation, encoding failures and shutdown races on worker JVMs — every case of
 * issue 3's robustness list, CPython's {@code _TestPoolWorkerErrors}/{@code _TestPoolWorkerLifetime} and the
 * injections of {@code test_concurrent_futures/test_deadlock.py}. None may hang: every wait is bounded.
 */
@Timeout(180)
class PoolRobustnessTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void reap() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        Children.assertNoneLeft();
    }

    private Pool pool(Pool.Builder b) {
        Pool p = b.build();
        toClose.add(p);
        return p;
    }

    private Pool pool(int n) {
        return pool(Pool.builder().processes(n));
    }


    private static Throwable failure(AsyncResult<?> r) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(Duration.ofSeconds(90)));
        return e.getCause();
    }

    /** The pool still works with all its workers after a death. */
    private static void stillWorks(TaskPool p) throws Exception {
        assertEquals(range(50).stream().map(Fns::square).toList(), p.map(Fns::square, range(50), 1));
    }

    @Test
    void sigkilledWorkerFailsOnlyItsTaskAndIsReplaced() throws Exception {
        Pool p = pool(2);
        AsyncResult<List<Integer>> others = p.mapAsync(Fns::sleepMillis, List.of(50, 50, 50, 50, 50, 50), 1);
        AsyncResult<Integer> victim = p.applyAsync(Fns::killSelf, 1);
        WorkerDiedException e = assertInstanceOf(WorkerDiedException.class, failure(victim));
        assertEquals(-9, e.exitCode());
        assertTrue(e.getMessage().contains("SIGKILL"), e.getMessage());
        assertTrue(e.getMessage().contains("input: 1"), e.getMessage());
        assertTrue(e.stderrTail() != null && e.stderrTail().contains("killing myself 1"), e.getMessage());
        assertEquals(List.of(50, 50, 50, 50, 50, 50), others.get(Duration.ofSeconds(90)));
        stillWorks(p);
        assertEquals(2, p.workerCount());
    }

    @Test
    void externallyKilledBusyWorker() throws Exception {
        Pool p = pool(1);
        assertEquals(1, p.apply(Fns::square, 1));
        long pid = p.workerPids().getFirst();
        AsyncResult<Integer> r = p.applyAsync(Fns::sleepMillis, 60_000);
        AsyncResult<Integer> queued = p.applyAsync(Fns::square, 7);
        // wait (bounded) until the sleep has started: the slot tells
        assertTrue(ProcessHandle.of(pid).isPresent());
        assertFalse(r.await(Duration.ofMillis(300)));
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        WorkerDiedException e = assertInstanceOf(WorkerDiedException.class, failure(r));
        assertEquals(-9, e.exitCode());
        assertEquals(49, queued.get(Duration.ofSeconds(90)), "the task it had not started runs on the replacement");
        assertNotEquals(pid, p.workerPids().getFirst());
    }

    @Test
    void outOfMemoryUnderSmallHeap() throws Exception {
        Pool p = pool(Pool.builder().processes(1).jvmOptions("-Xmx24m"));
        WorkerDiedException e = assertInstanceOf(WorkerDiedException.class, failure(p.applyAsync(Fns::oom, 1)));
        assertEquals(3, e.exitCode());
        assertTrue(e.outOfMemory(), "HotSpot's message is in the stderr tail: " + e.getMessage());
        assertTrue(e.getMessage().contains("out of memory: OutOfMemoryError"), e.getMessage());
        stillWorks(p);
    }

    @Test
    void haltAndSystemExitInsideTasks() throws Exception {
        Pool p = pool(2);
        WorkerDiedException h = assertInstanceOf(WorkerDiedException.class, failure(p.applyAsync(Fns::halt, 7)));
        assertEquals(7, h.exitCode());
        assertTrue(h.getMessage().contains("about to halt with 7"), h.getMessage());
        WorkerDiedException x = assertInstanceOf(WorkerDiedException.class, failure(p.applyAsync(Fns::exit, 5)));
        assertEquals(5, x.exitCode());
        assertTrue(x.getMessage().contains("exit code 5"), x.getMessage());
        // exit code 3 is also what -XX:+ExitOnOutOfMemoryError exits with: not reported as one without its message
        WorkerDiedException three = assertInstanceOf(WorkerDiedException.class, failure(p.applyAsync(Fns::exit, 3)));
        assertEquals(3, three.exitCode());
        assertFalse(three.outOfMemory());
        assertFalse(three.getMessage().contains("OutOfMemoryError"), three.getMessage());
        stillWorks(p);
    }

    @Test
    void crashWhileDecodingTheTask() throws Exception {
        Pool p = pool(1);
        WorkerDiedException e = assertInstanceOf(WorkerDiedException.class,
                failure(p.applyAsync(Fns::identity, new Fns.CrashesOnDecode())));
        assertEquals(42, e.exitCode());
        stillWorks(p);
    }

    @Test
    void errorWhileDecodingTheTaskFailsOnlyThatTask() throws Exception {
        Pool p = pool(1);
        long pid = p.apply(Fns::pid, 0);
        Throwable e = failure(p.applyAsync(Fns::identity, new Fns.FailsToDecode()));
        assertTrue(e instanceof java.io.IOException, e.toString());
        assertTrue(e.getMessage().contains("refusing to be decoded") || String.valueOf(e.getCause()).contains("refusing"), e.toString());
        assertEquals(pid, p.apply(Fns::pid, 0), "the worker survives");
    }

    @Test
    void unencodableArgumentFailsInTheCaller() throws Exception {
        Pool p = pool(1);
        AsyncResult<Object> r = p.applyAsync(Fns::identity, new Object());
        assertTrue(r.isDone(), "fails at once, in the caller");
        assertInstanceOf(EncodingException.class, failure(r));
        AsyncResult<Object> r2 = p.applyAsync(Fns::identity, new Fns.FailsToEncode());
        assertInstanceOf(EncodingException.class, failure(r2));
        List<Object> items = new ArrayList<>(List.of(1, 2, 3, 4));
        items.add(new Object());
        Throwable m = failure(p.mapAsync(Fns::identity, items, 2));
        assertTrue(m.getMessage().contains("item #4"), m.getMessage());
        stillWorks(p);
    }

    @Test
    void unencodableResultsTwentyInARowNoWorkerLost() throws Exception {
        Pool p = pool(2);
        List<Long> pids = p.workerPids();
        p.map(Fns::square, range(10), 1);
        for (int i = 0; i < 20; i++) {
            Throwable e = failure(p.applyAsync(Fns::unencodableResult, i));
            assertInstanceOf(MaybeEncodingException.class, e);
            assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        }
        Throwable e = failure(p.applyAsync(Fns::unencodableError, 3));
        assertInstanceOf(MaybeEncodingException.class, e);
        assertTrue(e.getMessage().contains("Unencodable") && e.getMessage().contains("cannot ship 3"), e.getMessage());
        assertEquals(pids.stream().sorted().toList(), p.workerPids().stream().sorted().toList(), "no worker lost");
        stillWorks(p);
    }

    @Test
    void resultThatCannotBeDecodedInTheParent() throws Exception {
        Pool p = pool(1);
        long pid = p.apply(Fns::pid, 0);
        Throwable e = failure(p.applyAsync(Fns::failsInParent, 0L));
        assertInstanceOf(DecodingException.class, e);
        assertEquals(pid, p.apply(Fns::pid, 0));
    }

    @Test
    void crashOrExitWhileEncodingTheResult() throws Exception {
        Pool p = pool(1);
        WorkerDiedException h = assertInstanceOf(WorkerDiedException.class, failure(p.applyAsync(Fns::endsOnEncode, true)));
        assertEquals(43, h.exitCode());
        WorkerDiedException x = assertInstanceOf(WorkerDiedException.class, failure(p.applyAsync(Fns::endsOnEncode, false)));
        assertEquals(44, x.exitCode());
        stillWorks(p);
    }

    @Test
    void taskTimeoutKillsAndReplacesTheWorker() throws Exception {
        Pool p = pool(1);
        long pid = p.apply(Fns::pid, 0);
        Throwable e = failure(p.applyAsync(Fns::sleepMillis, 60_000, Duration.ofMillis(500)));
        assertInstanceOf(TaskTimeoutException.class, e);
        assertNotEquals(pid, p.apply(Fns::pid, 0));
    }

    @Test
    void perItemTimeoutInMap() throws Exception {
        Pool p = pool(Pool.builder().processes(2).taskTimeout(Duration.ofSeconds(2)));
        Throwable e = failure(p.mapAsync(Fns::sleepMillis, List.of(10, 10, 10, 60_000, 10, 10), 3));
        assertInstanceOf(TaskTimeoutException.class, e);
        assertTrue(e.getMessage().contains("per item"), e.getMessage());
        // a chunk whose items each stay under the timeout passes even if the chunk takes longer
        assertEquals(List.of(700, 700, 700, 700), p.map(Fns::sleepMillis, List.of(700, 700, 700, 700), 4));
    }

    @Test
    void cancelRunningTaskKillsItsWorker() throws Exception {
        Pool p = pool(1);
        long pid = p.apply(Fns::pid, 0);
        AsyncResult<Integer> r = p.applyAsync(Fns::sleepMillis, 60_000);
        AsyncResult<Integer> queued = p.applyAsync(Fns::square, 5);
        assertFalse(r.await(Duration.ofMillis(300)));
        assertTrue(r.cancel(true));
        assertThrows(CancellationException.class, () -> r.get(Duration.ofSeconds(1)));
        assertEquals(25, queued.get(Duration.ofSeconds(90)));
        assertNotEquals(pid, p.apply(Fns::pid, 0), "its worker was killed and replaced");
    }

    @Test
    void oneMebibyteExceptionAndHundredMegabyteResult() throws Exception {
        Pool p = pool(1);
        Throwable e = failure(p.applyAsync(Fns::bigError, 1024));
        assertInstanceOf(IllegalStateException.class, e);
        assertEquals(1024 * 1024, e.getMessage().length());
        byte[] big = (byte[]) p.apply(Fns::big, 100);
        assertEquals(100 << 20, big.length);
        assertEquals(100 << 20, p.apply(Fns::bytesLength, big), "and 100 MB the other way");
    }

    /** A pool whose channels carry at most 1 MiB a message. */
    private Pool smallMessagePool(Pool.Builder b) {
        return pool(b.context(org.multiprocessing4j.Context.builder().maxMessageSize(1 << 20).build()));
    }

    @Test
    void aResultOverTheMessageLimitFailsItsTaskAndTheWorkerGoesOn() throws Exception {
        Pool p = smallMessagePool(Pool.builder().processes(1));
        long pid = p.apply(Fns::pid, 0);
        Throwable e = failure(p.applyAsync(Fns::sized, 2 << 20));
        assertInstanceOf(MaybeEncodingException.class, e);
        assertTrue(e.getMessage().contains("Context.Builder.maxMessageSize") && e.getMessage().contains("result"), e.getMessage());
        assertEquals(pid, p.apply(Fns::pid, 0), "the same worker");
        // results that fit one by one but not together (a worker sends what it gathered once past 64 KiB, so: one
        // under that, then one near the limit): sent in two messages (a long batch window gathers them)
        Pool q = smallMessagePool(Pool.builder().processes(1).resultBatching(Duration.ofSeconds(1)));
        long qpid = q.apply(Fns::pid, 0);
        for (int i = 0; i < 20; i++) q.apply(Fns::pid, i); // short tasks: the pool then sends many at once
        List<Integer> sizes = List.of(60_000, 1_000_000, 60_000, 1_000_000);
        List<byte[]> got = q.map(Fns::sized, sizes, 1);
        for (int i = 0; i < sizes.size(); i++) assertEquals(sizes.get(i), got.get(i).length);
        assertEquals(qpid, q.apply(Fns::pid, 0), "the same worker");
    }

    @Test
    void anArgumentOverTheMessageLimitFailsInTheCallerNotInAHang() throws Exception {
        Pool p = smallMessagePool(Pool.builder().processes(1));
        Throwable e = failure(p.applyAsync(Fns::bytesLength, new byte[2 << 20]));
        assertInstanceOf(EncodingException.class, e);
        assertTrue(e.getMessage().contains("Context.Builder.maxMessageSize"), e.getMessage());
        Throwable m = assertThrows(Throwable.class, () -> p.map(Fns::bytesLength, List.of(new byte[600_000], new byte[600_000]), 2));
        assertTrue(String.valueOf(m.getMessage()).contains("smaller chunksize"), String.valueOf(m));
        // tasks that fit one by one but not together, sent in one go (given before the worker is ready, two go
        // together): several messages
        Pool fresh = smallMessagePool(Pool.builder().processes(1));
        List<AsyncResult<Integer>> rs = new ArrayList<>();
        for (int i = 0; i < 2; i++) rs.add(fresh.applyAsync(Fns::bytesLength, new byte[600_000]));
        for (AsyncResult<Integer> r : rs) assertEquals(600_000, r.get(Duration.ofSeconds(90)));
        assertEquals(List.of(600_000, 600_000), p.map(Fns::bytesLength, List.of(new byte[600_000], new byte[600_000]), 1));
        IllegalArgumentException init = assertThrows(IllegalArgumentException.class, () -> smallMessagePool(
                Pool.builder().processes(1).initializer(Fns::bytesLength, new byte[2 << 20])));
        assertTrue(init.getMessage().contains("Context.Builder.maxMessageSize"), init.getMessage());
    }

    @Test
    void bigArgumentsQueuedToAWorkerThatDies() throws Exception {
        Pool p = pool(2);
        byte[] mb = new byte[8 << 20];
        List<AsyncResult<Integer>> rs = new ArrayList<>();
        AsyncResult<Integer> crash = p.applyAsync(Fns::killSelf, 9);
        for (int i = 0; i < 12; i++) rs.add(p.applyAsync(Fns::bytesLength, mb));
        assertInstanceOf(WorkerDiedException.class, failure(crash));
        for (AsyncResult<Integer> r : rs) assertEquals(8 << 20, r.get(Duration.ofSeconds(90)));
    }

    @Test
    void terminateRacingCrashesAndRecyclingNeverHangs() throws Exception {
        for (int round = 0; round < 2; round++) {
            Pool p = pool(Pool.builder().processes(2).maxTasksPerChild(1));
            List<AsyncResult<Integer>> rs = new ArrayList<>();
            for (int i = 0; i < 6; i++) rs.add(p.applyAsync(i % 2 == 0 ? Fns::killSelf : Fns::square, i));
            if (round == 0) {
                p.terminate();
            } else {
                rs.getFirst().await(Duration.ofSeconds(60));
                p.shutdown();
            }
            assertTrue(p.join(Duration.ofSeconds(60)), "join is bounded");
            for (AsyncResult<Integer> r : rs) assertTrue(r.isDone());
        }
    }

    @Test
    void workerLifetimeMaxTasksPerChild() throws Exception {
        Pool p = pool(Pool.builder().processes(2).maxTasksPerChild(3));
        List<Long> pids = p.map(Fns::pid, range(24), 1);
        long distinct = pids.stream().distinct().count();
        assertTrue(distinct >= 8, "each worker runs at most 3 tasks: " + distinct + " workers");
        p.shutdown();
        assertTrue(p.join(Duration.ofSeconds(60)));
    }

    @Test
    void failingInitializerBreaksThePool() throws Exception {
        Pool p = pool(Pool.builder().processes(2).initializer(Fns::badInit, "x"));
        Throwable e = failure(p.applyAsync(Fns::square, 2));
        assertInstanceOf(BrokenProcessPoolException.class, e);
        assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
        assertThrows(BrokenProcessPoolException.class, () -> p.applyAsync(Fns::square, 2));
        assertTrue(p.join(Duration.ofSeconds(60)));
    }

    @Test
    void joinReturnsOnlyWhenEveryFutureIsDone() throws Exception {
        // terminate() cancels the futures after it let go of the pool's lock; a worker that ended on its own meanwhile
        // was the last one, so the pool counted as terminated: a join returned while futures were not done yet (seen
        // once under load). Here the first future's dependent holds terminate() while the worker ends.
        java.util.concurrent.CountDownLatch inDependent = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Pool p = pool(1);
        org.multiprocessing4j.sync.SharedEvent started = new org.multiprocessing4j.sync.SharedEvent();
        org.multiprocessing4j.sync.SharedEvent go = new org.multiprocessing4j.sync.SharedEvent();
        List<AsyncResult<Integer>> rs = List.of(p.applyAsync(() -> Fns.haltAfterEvent(started, go, 7)),
                p.applyAsync(Fns::square, 1), p.applyAsync(Fns::square, 2));
        for (AsyncResult<Integer> r : rs) {
            r.whenComplete((v, e) -> { // runs in the thread that cancels it: the first one holds terminate()
                inDependent.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(started.await(Duration.ofSeconds(60)), "the first task runs");
        Thread terminating = Thread.ofPlatform().start(p::terminate);
        assertTrue(inDependent.await(60, TimeUnit.SECONDS), "terminate() is cancelling");
        go.set(); // terminate() has killed the worker, or it halts now: no worker is left
        assertFalse(p.join(Duration.ofSeconds(2)), "no join while the pool's futures are still being completed");
        assertFalse(rs.stream().allMatch(AsyncResult::ready), "terminate() has not completed them all yet");
        release.countDown();
        assertTrue(p.join(Duration.ofSeconds(60)));
        assertTrue(rs.stream().allMatch(AsyncResult::ready), "every future done when join returned");
        terminating.join(60_000);
        assertFalse(terminating.isAlive());
    }

    @Test
    void workerThatCannotStartBreaksThePool() throws Exception {
        Pool p = pool(Pool.builder().processes(1).jvmOptions("-XX:+ThisOptionDoesNotExist").reuseWorkers(false));
        Throwable e = failure(p.applyAsync(Fns::square, 2));
        assertInstanceOf(BrokenProcessPoolException.class, e);
        assertTrue(e.getMessage().contains("ThisOptionDoesNotExist") || e.getMessage().contains("exit code 1"), e.getMessage());
    }

    @Test
    void imapSurfacesAnExceptionOfTheInputIterator() throws Exception {
        Pool p = pool(1);
        Iterable<Integer> failing = () -> new java.util.Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (i == 3) throw new IllegalStateException("input fails at 3");
                return i++;
            }
        };
        ResultIterator<Integer> it = p.imap(Fns::square, failing, 1);
        assertEquals(List.of(0, 1, 4), List.of(it.next(), it.next(), it.next()));
        IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
        assertEquals("input fails at 3", e.getMessage());
    }

    @Test
    void executorWorkerDeathFailsOnlyItsTask() throws Exception {
        ProcessPoolExecutor ex = new ProcessPoolExecutor(2);
        toClose.add(ex::shutdownNow);
        CompletableFuture<Integer> crash = ex.submit(Fns::halt, 11);
        List<CompletableFuture<Integer>> rest = new ArrayList<>();
        for (int i = 0; i < 10; i++) rest.add(ex.submit(Fns::square, i));
        ExecutionException e = assertThrows(ExecutionException.class, () -> crash.get(90, TimeUnit.SECONDS));
        assertEquals(11, assertInstanceOf(WorkerDiedException.class, e.getCause()).exitCode());
        for (int i = 0; i < 10; i++) assertEquals(i * i, rest.get(i).get(90, TimeUnit.SECONDS));
        ex.shutdown(true, false);
    }

    @Test
    void executorShutdownRacingACrash() throws Exception {
        ProcessPoolExecutor ex = new ProcessPoolExecutor(2);
        toClose.add(ex::shutdownNow);
        List<CompletableFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) fs.add(ex.submit(Fns::killSelf, i));
        ex.shutdown(true, false);
        assertTrue(ex.isTerminated());
        for (CompletableFuture<Integer> f : fs) assertTrue(f.isDone());
    }

    @Test
    void invalidSizes() {
        assertThrows(IllegalArgumentException.class, () -> new Pool(0));
        assertThrows(IllegalArgumentException.class, () -> new Pool(-1));
        assertThrows(IllegalArgumentException.class, () -> Pool.builder().maxTasksPerChild(-1));
        assertThrows(IllegalArgumentException.class, () -> new ProcessPoolExecutor(0));
        assertThrows(NullPointerException.class, () -> Pool.builder().resultBatching(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pool.builder().resultBatching(Duration.ofNanos(-1)));
        assertTrue(e.getMessage().contains("between 0 and 1 s"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ProcessPoolExecutor.builder().resultBatching(Duration.ofMillis(1001)));
    }

    @Test
    void resultsSentOneByOneStillArriveInOrder() throws Exception {
        // a zero batch window: every result its own message
        Pool p = pool(Pool.builder().processes(2).resultBatching(Duration.ZERO));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) expected.add(i * i);
        assertEquals(expected, p.map(Fns::square, range(2000), 1));
        List<Integer> got = new ArrayList<>();
        p.imap(Fns::square, range(2000), 1).forEachRemaining(got::add);
        assertEquals(expected, got);
    }

    @Test
    void mapAfterCloseInContextManager() throws Exception {
        Pool p = pool(1);
        p.close();
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> p.map(Fns::square, range(3)));
        CompletionException c = new CompletionException(null);
        assertNull(c.getCause());
    }
}
