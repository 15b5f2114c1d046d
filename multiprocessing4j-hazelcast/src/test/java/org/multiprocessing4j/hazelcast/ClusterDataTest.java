package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.*;

import com.hazelcast.collection.IQueue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.pool.Pool;

/**
 * The embedded mode (two members in this JVM) and the cluster-wide queue, lock and semaphore, with the guarantees
 * their Javadoc states: FIFO across clients, each element to one consumer, authenticated elements, mutual exclusion,
 * owner-only unlock, leases, permits bounded across clients, and what a crashed client's lock and permits become.
 * Clients are separate Hazelcast clients in this JVM; a "crash" terminates one without any goodbye.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ClusterDataTest {
    private EmbeddedMembers members;
    private Cluster a, b;

    @BeforeAll
    void start() throws Exception {
        members = new EmbeddedMembers(2);
        a = Cluster.connect(members.client().build());
        b = Cluster.connect(members.client().build());
    }

    @AfterAll
    void stop() throws Exception {
        if (a != null) a.close();
        if (b != null) b.close();
        if (members != null) members.close();
    }

    /** A client that will crash (its Hazelcast client terminated abruptly). */
    private static void crash(Cluster c) {
        c.hazelcast().getLifecycleService().terminate();
    }

    @Test
    void embeddedMembersRunAPool() throws Exception {
        try (Pool p = a.pool(2)) {
            assertEquals(List.of(0, 1, 4, 9), p.map(Tasks::square, List.of(0, 1, 2, 3)));
            List<String> where = p.map(Tasks::member, List.of(1, 2, 3, 4), 1);
            assertTrue(where.stream().allMatch(w -> w.startsWith(members.name + "-m")), where.toString());
        }
    }

    @Test
    void aQueueIsFifoAcrossClients() throws Exception {
        ClusterQueue<Tasks.Point> out = a.queue("fifo"), in = b.queue("fifo");
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 500; i++) {
                try {
                    out.put(new Tasks.Point(i, -i));
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        for (int i = 0; i < 500; i++) assertEquals(new Tasks.Point(i, -i), in.poll(30, TimeUnit.SECONDS));
        producer.join();
        assertNull(in.poll(50, TimeUnit.MILLISECONDS), "empty: poll with a timeout returns null");
        assertEquals(0, in.rejected());
    }

    @Test
    void eachElementIsDeliveredToOneConsumer() throws Exception {
        int n = 400;
        ClusterQueue<Integer> out = a.queue("shared");
        for (int i = 0; i < n; i++) out.put(i);
        // four consumers, two on each client, race for the elements
        List<ClusterQueue<Integer>> ins = List.of(a.queue("shared"), a.queue("shared"), b.queue("shared"), b.queue("shared"));
        java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
        List<List<Integer>> got = new ArrayList<>();
        List<Thread> consumers = new ArrayList<>();
        for (ClusterQueue<Integer> in : ins) {
            List<Integer> mine = new ArrayList<>();
            got.add(mine);
            consumers.add(Thread.ofPlatform().start(() -> {
                try {
                    while (taken.get() < n) {
                        Integer v = in.poll(100, TimeUnit.MILLISECONDS);
                        if (v != null) {
                            mine.add(v);
                            taken.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    // the test timed out
                }
            }));
        }
        for (Thread t : consumers) t.join(60_000);
        List<Integer> all = new ArrayList<>();
        got.forEach(all::addAll);
        java.util.Collections.sort(all);
        assertEquals(java.util.stream.IntStream.range(0, n).boxed().toList(), all, "every element once, none twice");
        assertNull(out.poll());
    }

    @Test
    void aBoundedQueueRefusesBeyondItsCapacity() throws Exception {
        ClusterQueue<String> q = a.queue("bounded", 2);
        assertTrue(q.offer("x"));
        assertTrue(q.offer("y"));
        assertFalse(q.offer("z"));
        assertFalse(q.offer("z", 50, TimeUnit.MILLISECONDS));
        assertEquals(0, q.remainingCapacity());
        List<String> drained = new ArrayList<>();
        assertEquals(2, b.<String>queue("bounded", 2).drainTo(drained));
        assertEquals(List.of("x", "y"), drained);
        assertThrows(IllegalStateException.class, () -> b.queue("bounded", 5), "another bound for an existing queue");
    }

    @Test
    void elementsWithoutTheSecretsMacAreRefusedBeforeDecoding() throws Exception {
        ClusterQueue<String> q = b.queue("guarded");
        // someone who reached Hazelcast without the secret: raw bytes, and a client of another secret
        IQueue<byte[]> raw = a.hazelcast().getQueue("mp4j.queue.guarded");
        raw.offer(new byte[40]);
        try (Cluster intruder = Cluster.connect(members.client().secret("an-entirely-different-secret".getBytes()).build())) {
            intruder.<String>queue("guarded").put("forged");
        }
        a.<String>queue("guarded").put("genuine");
        assertEquals("genuine", q.poll(30, TimeUnit.SECONDS));
        assertEquals(2, q.rejected());
        assertTrue(q.isEmpty());
    }

    @Test
    void peekDropsAForgedHeadAndTheIteratorSkipsForgedElements() {
        ClusterQueue<String> q = b.queue("guarded-peek");
        IQueue<byte[]> raw = a.hazelcast().getQueue("mp4j.queue.guarded-peek");
        raw.offer(new byte[40]);
        a.<String>queue("guarded-peek").offer("genuine");
        raw.offer(new byte[40]);
        List<String> seen = new ArrayList<>();
        q.iterator().forEachRemaining(seen::add);
        assertEquals(List.of("genuine"), seen);
        assertEquals(0, q.rejected(), "the iterator skips forged elements without taking them");
        assertEquals("genuine", q.peek());
        assertEquals(1, q.rejected(), "peek took the forged head");
        assertEquals(2, raw.size());
        assertEquals("genuine", q.poll());
        assertNull(q.poll());
        assertEquals(2, q.rejected());
    }

    @Test
    void aLockExcludesAcrossClientsAndOnlyItsOwnerUnlocks() throws Exception {
        IMap<String, Integer> counter = a.hazelcast().getMap("test.counter");
        counter.put("n", 0);
        List<Thread> ts = new ArrayList<>();
        for (Cluster c : List.of(a, b)) {
            for (int t = 0; t < 2; t++) {
                ClusterLock lock = c.lock("counter");
                IMap<String, Integer> m = c.hazelcast().getMap("test.counter");
                ts.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 25; i++) {
                        lock.lock();
                        try {
                            m.put("n", m.get("n") + 1); // read-modify-write: loses updates unless excluded
                        } finally {
                            lock.unlock();
                        }
                    }
                }));
            }
        }
        for (Thread t : ts) t.join(60_000);
        assertEquals(100, counter.get("n"));

        ClusterLock mine = a.lock("owned");
        mine.lock();
        try {
            assertTrue(mine.isLocked());
            assertFalse(b.lock("owned").tryLock(), "held by another client");
            AtomicBoolean refused = new AtomicBoolean();
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    mine.unlock();
                } catch (IllegalMonitorStateException e) {
                    refused.set(true);
                }
            });
            other.join(30_000);
            assertTrue(refused.get(), "another thread cannot unlock it");
            mine.lock(); // reentrant
            mine.unlock();
        } finally {
            mine.unlock();
        }
        assertTrue(b.lock("owned").tryLock(10, TimeUnit.SECONDS));
        b.lock("owned").unlock();
        assertThrows(UnsupportedOperationException.class, mine::newCondition);
    }

    @Test
    void aLeasedLockIsReleasedWhenItsLeaseEnds() throws Exception {
        ClusterLock leased = a.lock("leased"), other = b.lock("leased");
        leased.lock(Duration.ofSeconds(1));
        assertFalse(other.tryLock(), "held by another client");
        assertTrue(other.tryLock(30, TimeUnit.SECONDS), "released by the cluster when the lease ended");
        try {
            assertThrows(IllegalMonitorStateException.class, leased::unlock, "the lease's holder no longer holds it");
        } finally {
            other.unlock();
        }
        assertFalse(leased.isLocked());
    }

    @Test
    void aCrashedClientsLockIsReleased() throws Exception {
        Cluster doomed = Cluster.connect(members.client().build());
        try {
            doomed.lock("crash").lock();
            assertFalse(a.lock("crash").tryLock());
            crash(doomed);
            long t0 = System.nanoTime();
            assertTrue(a.lock("crash").tryLock(30, TimeUnit.SECONDS), "released once the members see the client gone");
            a.lock("crash").unlock();
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos());
        } finally {
            doomed.close();
        }
    }

    @Test
    void semaphorePermitsAreBoundedAcrossClients() throws Exception {
        ClusterSemaphore sa = a.semaphore("pair", 2), sb = b.semaphore("pair", 99);
        assertEquals(2, sb.availablePermits(), "the first creation sets the permits");
        assertTrue(sa.tryAcquire());
        assertTrue(sb.tryAcquire());
        assertFalse(sa.tryAcquire());
        assertFalse(sb.tryAcquire(Duration.ofMillis(100)));
        CountDownLatch got = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                sb.acquire();
                got.countDown();
            } catch (InterruptedException e) {
                // the test failed
            }
        });
        assertFalse(got.await(200, TimeUnit.MILLISECONDS), "no permit free");
        sa.release();
        assertTrue(got.await(10, TimeUnit.SECONDS), "a release elsewhere wakes the waiter");
        waiter.join();
        sb.release(2);
        assertEquals(2, sa.availablePermits());
    }

    @Test
    void aCrashedClientsPermitsReturnAfterTheHolderTimeout() throws Exception {
        Cluster doomed = Cluster.connect(members.client().build());
        try {
            ClusterSemaphore s = doomed.semaphore("crash", 2);
            s.acquire(2);
            ClusterSemaphore mine = a.semaphore("crash", 2);
            assertEquals(0, mine.availablePermits());
            crash(doomed);
            long t0 = System.nanoTime();
            assertTrue(mine.tryAcquire(2, Duration.ofSeconds(30)), "returned when the holder entry expired");
            long took = System.nanoTime() - t0;
            assertTrue(took >= Duration.ofSeconds(2).toNanos(), "not before the holder timeout (3 s): " + took / 1_000_000 + " ms");
            mine.release(2);
        } finally {
            doomed.close();
        }
    }

    @Test
    void aClosingClientReturnsItsPermitsAtOnce() throws Exception {
        Cluster leaving = Cluster.connect(members.client().build());
        leaving.semaphore("leave", 1).acquire();
        assertFalse(a.semaphore("leave", 1).tryAcquire());
        leaving.close();
        assertTrue(a.semaphore("leave", 1).tryAcquire(Duration.ofSeconds(2)));
    }

    @Test
    void membersRefuseJavaDeserializationOfClassesOffTheirAllowList() {
        // a query makes the members deserialize the values (Java-serialized by this client) to evaluate it
        IMap<String, Object> allowed = a.hazelcast().getMap("test.filter.allowed");
        allowed.put("k", new java.util.concurrent.atomic.AtomicBoolean(true));
        assertEquals(1, allowed.values(Predicates.sql("this.get = true")).size(), "a JDK class is deserialized on the member");
        IMap<String, Object> refused = a.hazelcast().getMap("test.filter.refused");
        refused.put("k", new org.multiprocessing4j.pool.TaskTimeoutException("a class off the members' allow-list"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> refused.values(Predicates.sql("this.message = 'x'")));
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) all.append(t).append('\n');
        assertTrue(all.toString().contains("Resolving class org.multiprocessing4j.pool.TaskTimeoutException is not allowed"),
                all.toString());
    }
}
