package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.internal.pool.Host;
import org.multiprocessing4j.internal.pool.Launch;

/**
 * The dispatcher's side of a backend that runs workers elsewhere (the cluster): a context registered with a
 * backend gets its launcher, and a worker whose host is lost has its tasks retried or failed as the host's
 * {@link Host.Loss} says, without breaking the pool. Workers are in-process protocol workers whose host reports
 * the loss once killed by the test.
 */
@Timeout(60)
class HostLossTest {
    private final Context ctx = Context.builder().build();
    private final List<LosingHost> hosts = new CopyOnWriteArrayList<>();
    /** Counts down as hosts are launched. */
    private final java.util.concurrent.CountDownLatch threeHosts = new java.util.concurrent.CountDownLatch(3);

    @AfterEach
    void unregister() {
        Launch.unregister(ctx);
    }

    /** Delegates to an in-process host; once {@link #lose()} is called it reports the loss and ends the worker. */
    static final class LosingHost implements Host {
        private final Host inner;
        private final int retries;
        private volatile boolean lost;

        LosingHost(Host inner, int retries) {
            this.inner = inner;
            this.retries = retries;
        }

        void lose() {
            lost = true;
            inner.kill();
        }

        @Override public long pid() { return inner.pid(); }
        @Override public boolean isAlive() { return inner.isAlive(); }
        @Override public void kill() { inner.kill(); }
        @Override public void terminate() { inner.terminate(); }
        @Override public boolean awaitExit(long nanos) throws InterruptedException { return inner.awaitExit(nanos); }
        @Override public int exitCode() { return inner.exitCode(); }
        @Override public String stderrTail() { return inner.stderrTail(); }
        @Override public String hsErrFile() { return inner.hsErrFile(); }
        @Override public void release() { inner.release(); }

        @Override
        public Loss loss() {
            return lost ? new Loss("its machine went away (test)", retries,
                    (msg, d) -> new IllegalStateException("lost: " + msg)) : null;
        }
    }

    private Pool pool(int retries, boolean loseFirstAtOnce) {
        RUNS.set(0);
        started = new java.util.concurrent.CountDownLatch(1);
        Launch.register(ctx, (c, opts) -> index -> {
            Launch.Launched l = Launch.inProcess(c).launch(index);
            LosingHost h = new LosingHost(l.host(), retries);
            hosts.add(h);
            threeHosts.countDown();
            byIndex.put(index, h);
            if (loseFirstAtOnce && hosts.size() == 1) h.lose();
            return new Launch.Launched(l.conn(), h, l.slot());
        });
        return Pool.builder().processes(2).context(ctx).build();
    }

    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();
    private static volatile java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    private static volatile String startedOn;
    private final java.util.Map<Integer, LosingHost> byIndex = new java.util.concurrent.ConcurrentHashMap<>();

    /** The task: in-process workers are threads of this JVM, named after their index. */
    static int countAndSleep(int ms) {
        RUNS.incrementAndGet();
        startedOn = Thread.currentThread().getName();
        started.countDown();
        return Fns.sleepMillis(ms);
    }

    /** Waits until a task runs and returns the host of its worker. */
    private LosingHost busyHost() throws InterruptedException {
        assertTrue(started.await(20, TimeUnit.SECONDS), "no task started within 20 s");
        String name = startedOn;
        return byIndex.get(Integer.parseInt(name.substring(name.lastIndexOf('-') + 1)));
    }

    @Test
    void tasksOfALostHostRunElsewhereWithRetries() throws Exception {
        try (Pool p = pool(2, false)) {
            AsyncResult<List<Integer>> r = p.mapAsync(HostLossTest::countAndSleep, List.of(400, 400), 1);
            busyHost().lose();
            assertEquals(List.of(400, 400), r.get(Duration.ofSeconds(30)));
            assertTrue(RUNS.get() >= 3, "the lost task ran again: " + RUNS.get());
            assertEquals(49, p.apply(Fns::square, 7), "the pool replaced the lost worker and goes on");
        }
    }

    @Test
    void tasksOfALostHostFailWithTheLossExceptionWithoutRetries() throws Exception {
        try (Pool p = pool(0, false)) {
            AsyncResult<Integer> r = p.applyAsync(HostLossTest::countAndSleep, 2000);
            busyHost().lose();
            ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(Duration.ofSeconds(30)));
            IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(cause.getMessage().startsWith("lost: worker "), cause.getMessage());
            assertTrue(cause.getMessage().contains("was lost while it held task #"), cause.getMessage());
            assertTrue(cause.getMessage().contains("its machine went away (test)"), cause.getMessage());
            assertEquals(49, p.apply(Fns::square, 7));
        }
    }

    @Test
    void aHostLostBeforeItsWorkerIsReadyIsNoStartupFailure() throws Exception {
        try (Pool p = pool(0, true)) {
            assertEquals(List.of(0, 1, 4, 9), p.map(Fns::square, List.of(0, 1, 2, 3)));
            // the replacement starts on the lost worker's reader thread: the map may finish on the other one first
            threeHosts.await(20, TimeUnit.SECONDS);
            assertTrue(hosts.size() >= 3, "the lost worker was replaced: " + hosts.size());
        }
    }

    @Test
    void whenNoHostIsLeftAnImapEndsWithTheBrokenPool() throws Exception {
        Launch.register(ctx, (c, opts) -> index -> {
            if (index >= 2) throw new java.io.IOException("no host left (test)");
            Launch.Launched l = Launch.inProcess(c).launch(index);
            LosingHost h = new LosingHost(l.host(), 1);
            byIndex.put(index, h);
            return new Launch.Launched(l.conn(), h, l.slot());
        });
        RUNS.set(0);
        started = new java.util.concurrent.CountDownLatch(1);
        try (Pool p = Pool.builder().processes(2).context(ctx).build();
             ResultIterator<Integer> it = p.imap(HostLossTest::countAndSleep, List.of(300, 300, 300, 300), 1)) {
            busyHost().lose();
            BrokenProcessPoolException e = assertThrows(BrokenProcessPoolException.class, () -> {
                while (it.hasNext()) it.next();
            });
            assertTrue(e.getMessage().contains("no host left (test)"), e.getMessage());
        }
    }

    @Test
    void anUnregisteredContextStartsLocalWorkers() {
        Launch.unregister(ctx);
        assertNotNull(Launch.forContext(ctx, List.of()).cacheKey(), "local JVM workers (cacheable)");
        assertTrue(hosts.isEmpty());
    }
}
