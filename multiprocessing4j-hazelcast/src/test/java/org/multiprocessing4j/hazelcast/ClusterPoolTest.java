package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.codec.DecodingException;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.pool.AsyncResult;
import org.multiprocessing4j.pool.BrokenProcessPoolException;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.ProcessPoolExecutor;
import org.multiprocessing4j.pool.RemoteTraceback;
import org.multiprocessing4j.pool.ResultIterator;
import org.multiprocessing4j.pool.TaskTimeoutException;
import org.multiprocessing4j.pool.WorkerDiedException;

/**
 * The Pool and ProcessPoolExecutor API on a cluster of 3 members, each in its own JVM on loopback: the local
 * semantics (ordered map and imap, chunksize, callbacks, timeouts, cancellation, worker death, initializer) and
 * class shipping. One cluster and one pool for the class (member and worker starts are slow).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ClusterPoolTest {
    private LocalCluster members;
    private Cluster cluster;
    private Pool pool;

    @BeforeAll
    void start() throws Exception {
        members = Clusters.start(3);
        cluster = Cluster.connect(Clusters.client(members).build());
        pool = cluster.pool(6);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (pool != null) {
                pool.terminate();
                assertTrue(pool.join(Duration.ofSeconds(30)), "the pool's workers ended");
            }
            if (cluster != null) cluster.close();
        } finally {
            if (members != null) members.close();
        }
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void mapOfTenThousandItemsIsCorrectAndOrdered() throws Exception {
        List<Integer> in = range(10_000);
        assertEquals(in.stream().map(x -> x * x).toList(), pool.map(Tasks::square, in));
        assertEquals(in.stream().map(x -> x * x).toList(), pool.map(Tasks::square, in, 1));
    }

    @Test
    void workersRunOnEveryMember() throws Exception {
        assertEquals(3, cluster.members().size(), "members: " + cluster.members());
        assertEquals(6, cluster.capacity());
        Set<String> where;
        try (Pool fresh = cluster.pool(6)) {
            where = new HashSet<>(fresh.map(Tasks::memberAfter, java.util.Collections.nCopies(36, 150), 1));
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 3; i++) expected.add(members.memberName(i));
        assertEquals(expected, where, "two workers on each member");
    }

    @Test
    void imapIsOrderedAndImapUnorderedHasEverything() {
        List<Integer> got = new ArrayList<>();
        try (ResultIterator<Integer> it = pool.imap(Tasks::square, range(300), 7)) {
            it.forEachRemaining(got::add);
        }
        assertEquals(range(300).stream().map(x -> x * x).toList(), got);
        Set<Integer> unordered = new HashSet<>();
        try (ResultIterator<Integer> it = pool.imapUnordered(Tasks::square, range(300), 3)) {
            it.forEachRemaining(unordered::add);
        }
        assertEquals(new HashSet<>(got), unordered);
    }

    @Test
    void userTypesTravelBothWays() throws Exception {
        assertEquals(new Tasks.Point(2, 1), pool.apply(Tasks::mirror, new Tasks.Point(1, 2)));
        int offset = 1000;
        assertEquals(List.of(1000, 1001, 1004), pool.map(x -> x * x + offset, List.of(0, 1, 2)), "a capturing lambda");
    }

    @Test
    void callbacksRunBeforeTheResultIsReady() throws Exception {
        List<Object> got = new CopyOnWriteArrayList<>();
        AsyncResult<Integer> r = pool.applyAsync(Tasks::square, 6, got::add, got::add);
        assertEquals(36, r.get(Duration.ofSeconds(60)));
        assertEquals(List.of(36), got);
        AsyncResult<List<Integer>> m = pool.mapAsync(Tasks::square, range(50), 5, got::add, got::add);
        assertEquals(range(50).stream().map(x -> x * x).toList(), m.get(Duration.ofSeconds(60)));
        assertEquals(m.get(), got.get(1));
        AsyncResult<Integer> bad = pool.applyAsync(Tasks::failOn, 5, got::add, got::add);
        assertTrue(bad.await(Duration.ofSeconds(60)));
        assertInstanceOf(IllegalArgumentException.class, got.get(2));
    }

    @Test
    void aTaskExceptionKeepsItsTypeAndTheRemoteTrace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.map(Tasks::failOn, range(10), 2));
        assertEquals("bad input 5", e.getMessage());
        RemoteTraceback rt = assertInstanceOf(RemoteTraceback.class, e.getCause());
        assertTrue(rt.getMessage().contains("item #5"), rt.getMessage());
    }

    @Test
    void aTaskTimeoutKillsItsWorkerOnTheMemberAndThePoolGoesOn() throws Exception {
        AsyncResult<Integer> r = pool.applyAsync(Tasks::sleep, 30_000, Duration.ofSeconds(1));
        ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(Duration.ofSeconds(30)));
        assertInstanceOf(TaskTimeoutException.class, e.getCause(), String.valueOf(e.getCause()));
        assertEquals(49, pool.apply(Tasks::square, 7));
    }

    @Test
    void getWithATimeoutStopsWaitingOnly() throws Exception {
        AsyncResult<Integer> r = pool.applyAsync(Tasks::sleep, 1500);
        assertThrows(TimeoutException.class, () -> r.get(Duration.ofMillis(20)));
        assertFalse(r.ready());
        assertEquals(1500, r.get(Duration.ofSeconds(60)));
    }

    @Test
    void cancelKillsARunningTaskAndSkipsPendingOnes(@TempDir Path tmp) throws Exception {
        try (ProcessPoolExecutor ex = cluster.executor(1)) {
            Path marker = tmp.resolve("running");
            CompletableFuture<Integer> running = ex.submit(Tasks::markAndSleep, marker.toString());
            CompletableFuture<Integer> pending = ex.submit(Tasks::square, 3);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.exists(marker) && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(Files.exists(marker), "the task started on its member");
            List<Long> before = ex.workerPids();
            assertTrue(pending.cancel(false));
            assertTrue(running.cancel(true));
            assertThrows(CancellationException.class, running::join);
            assertThrows(CancellationException.class, pending::join);
            long t0 = System.nanoTime();
            assertEquals(16, ex.submit(Tasks::square, 4).get(20, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos());
            assertNotEquals(before, ex.workerPids(), "the worker running the cancelled task was killed and replaced");
        }
    }

    @Test
    void aWorkerThatDiesOnItsMemberFailsOnlyItsTask() throws Exception {
        WorkerDiedException e = assertThrows(WorkerDiedException.class, () -> pool.apply(Tasks::exit, 3));
        assertFalse(e instanceof MemberLostException, "the member is fine: " + e);
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("task exits with 3"), "the stderr tail comes from the member: " + e.getMessage());
        assertEquals(25, pool.apply(Tasks::square, 5));
    }

    @Test
    void theInitializerRunsInEveryRemoteWorker() throws Exception {
        try (Pool p = Pool.builder().context(cluster.context()).processes(2).initializer(Tasks::init, "yes").build()) {
            assertEquals(List.of("yes", "yes", "yes", "yes"), p.map(Tasks::initialized, range(4), 1));
        }
    }

    @Test
    void maxTasksPerChildRetiresRemoteWorkers() throws Exception {
        try (Pool p = Pool.builder().context(cluster.context()).processes(2).maxTasksPerChild(2).build()) {
            List<Long> pids = p.map(Tasks::pid, range(10), 1);
            assertTrue(new HashSet<>(pids).size() >= 5, "a fresh worker every 2 tasks: " + pids);
            assertEquals(16, p.apply(Tasks::square, 4));
        }
    }

    @Test
    void theExecutorIsAnExecutorServiceOnTheCluster() throws Exception {
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().context(cluster.context()).maxWorkers(3).build()) {
            assertEquals(81, ex.submit(Tasks::square, 9).get());
            List<Integer> got = new ArrayList<>();
            ex.map(Tasks::square, range(100), null, 10).forEachRemaining(got::add);
            assertEquals(range(100).stream().map(x -> x * x).toList(), got);
            List<Callable<Integer>> calls = List.of((SerializableCallable<Integer>) () -> 1,
                    (SerializableCallable<Integer>) () -> 2, (SerializableCallable<Integer>) () -> 3);
            List<Future<Integer>> all = ex.invokeAll(calls);
            List<Integer> values = new ArrayList<>();
            for (Future<Integer> f : all) values.add(f.get());
            assertEquals(List.of(1, 2, 3), values);
        }
    }

    @Test
    void aClassThatWasNotShippedFailsWithAClearMessage() throws Exception {
        // a context whose class path leaves the test classes out: the task's class cannot reach the workers
        Context narrow = Context.builder().classPath(List.of(
                org.multiprocessing4j.hazelcast.internal.BuildFingerprint.codeSource(org.junit.jupiter.api.Test.class))).build();
        try (Cluster other = Cluster.connect(Clusters.client(members).context(narrow).build());
             Pool p = other.pool(1)) {
            CompletionException c = assertThrows(CompletionException.class, () -> p.apply(Tasks::square, 3));
            DecodingException e = assertInstanceOf(DecodingException.class, c.getCause());
            assertTrue(e.getMessage().contains("is not on the class path of this worker on member"), e.getMessage());
            assertTrue(e.getMessage().contains("class org.multiprocessing4j.hazelcast.ClusterPoolTest "), e.getMessage());
            assertTrue(e.getMessage().contains("junit-jupiter-api"), "names what was shipped: " + e.getMessage());
        }
    }

    @Test
    void aClientWithoutTheSecretIsRefusedByEveryWorkerHost() throws Exception {
        ClusterConfig wrong = Clusters.client(members).secret("not-the-cluster-secret-at-all".getBytes()).build();
        try (Cluster other = Cluster.connect(wrong)) { // Hazelcast itself only checks the cluster name
            long t0 = System.nanoTime();
            BrokenProcessPoolException e = assertThrows(BrokenProcessPoolException.class, () -> {
                try (Pool p = other.pool(1)) {
                    p.apply(Tasks::square, 2);
                }
            });
            assertTrue(e.getMessage().contains("secret"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos(), "refused at once, not after retries");
        }
    }
}
