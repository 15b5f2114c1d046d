package org.multiprocessing4j.managers;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.Jvms;
import org.multiprocessing4j.sync.Children;

/**
 * Ports CPython's {@code _TestContainers} and {@code TestSyncManagerTypes}, and {@code _TestMyManager}'s
 * registered types, against one manager shared by the tests of this class.
 */
@Timeout(120)
class ManagerTest {
    static final Duration LONG = Duration.ofSeconds(60);

    /** A user type, registered by interface. */
    public interface Counter {
        int increment();

        int value();

        void fail() throws java.io.IOException;
    }

    public static final class CounterImpl implements Counter {
        private int n;

        @Override
        public synchronized int increment() {
            return ++n;
        }

        @Override
        public synchronized int value() {
            return n;
        }

        @Override
        public void fail() throws java.io.IOException {
            throw new java.io.IOException("as asked");
        }

        public void notExposed() {
            n = -1;
        }
    }

    static Manager manager;

    @BeforeAll
    static void start() {
        manager = Manager.builder().register("Counter", Counter.class, CounterImpl::new).start();
    }

    @AfterAll
    static void stop() {
        manager.close();
        assertFalse(manager.isAlive());
        Jvms.assertNoLiveDescendants();
    }

    @Test
    void listBehavesAsAList() {
        List<Object> a = manager.list();
        a.addAll(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertEquals(10, a.size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), new ArrayList<>(a));
        assertEquals(List.of(2, 3), a.subList(2, 4));
        a.set(0, "zero");
        a.add(1, "inserted");
        assertEquals("inserted", a.remove(1));
        assertEquals("zero", a.get(0));
        assertTrue(a.contains(9));
        assertEquals(3, a.indexOf(3));
        List<Object> b = manager.list();
        b.add(a.get(0));
        b.add(List.of(1, 2)); // a copy of the value travels, as in Python
        assertEquals(List.of("zero", List.of(1, 2)), new ArrayList<>(b));
        assertTrue(a.equals(a) && !a.equals(b));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(100));
        assertThrows(UnsupportedOperationException.class, () -> a.iterator().remove());
        a.clear();
        assertTrue(a.isEmpty());
    }

    @Test
    void mapBehavesAsAMap() {
        Map<String, Integer> d = manager.map();
        for (int i = 0; i < 5; i++) d.put("k" + i, i);
        assertEquals(5, d.size());
        assertEquals(3, d.get("k3"));
        assertNull(d.get("missing"));
        assertEquals(Set.of("k0", "k1", "k2", "k3", "k4"), d.keySet());
        assertEquals(10, d.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(new HashMap<>(Map.of("k0", 0, "k1", 1, "k2", 2, "k3", 3, "k4", 4)), new HashMap<>(d));
        assertNull(d.putIfAbsent("k5", 5));
        assertEquals(5, d.putIfAbsent("k5", 50));
        assertEquals(5, d.remove("k5"));
        assertTrue(d.containsKey("k1"));
        int[] sum = {0};
        d.forEach((k, v) -> sum[0] += v); // runs here, over a snapshot
        assertEquals(10, sum[0]);
        assertThrows(UnsupportedOperationException.class, () -> d.keySet().remove("k1"));
        d.clear();
        assertTrue(d.isEmpty());
    }

    @Test
    void namespaceHoldsAttributes() {
        Namespace n = manager.namespace();
        n.set("name", "Bob");
        n.set("job", "Builder");
        n.set("_hidden", "also fine");
        n.set("none", null);
        assertEquals("Bob", n.get("name"));
        assertTrue(n.has("none"));
        assertNull(n.get("none"));
        assertEquals(4, n.attributes().size());
        assertEquals("Builder", n.remove("job"));
        assertFalse(n.has("job"));
        assertTrue(n.toString().contains("Bob"), n.toString());
    }

    static void incrementMany(Map<String, Integer> d, Lock lock, int times) {
        for (int i = 0; i < times; i++) {
            lock.lock();
            try {
                d.put("count", d.get("count") + 1);
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void severalProcessesUpdateOneMapUnderAManagerLock() throws Exception {
        Map<String, Integer> d = manager.map();
        Lock lock = manager.lock();
        d.put("count", 0);
        try (Children c = new Children()) {
            List<JvmProcess> ps = new ArrayList<>();
            for (int i = 0; i < 3; i++) ps.add(c.start(() -> incrementMany(d, lock, 50)));
            incrementMany(d, lock, 50);
            for (JvmProcess p : ps) Children.joinOk(p);
        }
        assertEquals(200, d.get("count"));
    }

    @Test
    void queueAcrossProcesses() throws Exception {
        BlockingQueue<Integer> q = manager.queue(3);
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                try {
                    for (int i = 0; i < 10; i++) q.put(i);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            for (int i = 0; i < 10; i++) assertEquals(i, q.poll(60, TimeUnit.SECONDS));
            Children.joinOk(p);
        }
        assertNull(q.poll());
        long t0 = System.nanoTime();
        assertNull(q.poll(200, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - t0 >= 190_000_000L);
        assertTrue(q.offer(1) && q.offer(2) && q.offer(3));
        assertFalse(q.offer(4));
        assertEquals(0, q.remainingCapacity());
        assertEquals(3, q.size());
        assertThrows(NullPointerException.class, () -> q.put(null));
        q.clear();
    }

    @Test
    void aBlockedTakeIsInterruptedAndLosesNothing() throws Exception {
        // the item is put at once after the interrupted take returns: the server's take must be over by then
        BlockingQueue<String> q = manager.queue();
        for (int round = 0; round < 20; round++) {
            CompletableFuture<Throwable> waiter = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    waiter.complete(new AssertionError("took " + q.take()));
                } catch (Throwable e) {
                    waiter.complete(e);
                }
            });
            Thread.sleep(20); // mostly blocked in the server by then; the outcome does not depend on it
            t.interrupt();
            assertInstanceOf(InterruptedException.class, waiter.get(30, TimeUnit.SECONDS));
            q.put("kept " + round);
            assertEquals("kept " + round, q.poll(30, TimeUnit.SECONDS), "the cancelled take must not have swallowed the item");
        }
    }

    @Test
    void locksFollowPythonSemantics() throws Exception {
        Lock lock = manager.lock();
        lock.lock();
        assertFalse(lock.tryLock(), "a Lock is not reentrant");
        CompletableFuture.runAsync(lock::unlock).get(30, TimeUnit.SECONDS); // any thread may release it
        assertTrue(lock.tryLock(1, TimeUnit.SECONDS));
        lock.unlock();
        assertThrows(IllegalMonitorStateException.class, lock::unlock);

        Lock rlock = manager.rlock();
        rlock.lock();
        rlock.lock();
        assertFalse(CompletableFuture.supplyAsync(rlock::tryLock).get(30, TimeUnit.SECONDS), "owned by this thread");
        rlock.unlock();
        rlock.unlock();
        assertThrows(IllegalMonitorStateException.class, rlock::unlock);
        assertThrows(UnsupportedOperationException.class, lock::newCondition);
    }

    @Test
    void semaphoresEventsBarriersConditions() throws Exception {
        ManagedSemaphore s = manager.semaphore(2);
        assertTrue(s.tryAcquire());
        s.acquire();
        assertFalse(s.tryAcquire(100, TimeUnit.MILLISECONDS));
        s.release();
        s.release();
        s.release();
        assertEquals(3, s.availablePermits());
        ManagedSemaphore b = manager.boundedSemaphore(1);
        assertThrows(IllegalStateException.class, b::release);

        ManagedEvent e = manager.event();
        ManagedBarrier barrier = manager.barrier(2);
        ManagedCondition cond = manager.condition();
        ManagedValue<Integer> v = manager.value(0);
        List<Integer> arr = manager.array(1, 2, 3);
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                try {
                    e.set();
                    barrier.await(60, TimeUnit.SECONDS);
                    cond.lock();
                    try {
                        v.set(42);
                        arr.set(0, 10);
                        cond.signalAll();
                    } finally {
                        cond.unlock();
                    }
                } catch (Exception x) {
                    throw new RuntimeException(x);
                }
            });
            assertTrue(e.await(60, TimeUnit.SECONDS));
            assertTrue(e.isSet());
            cond.lock();
            try {
                assertTrue(barrier.await(60, TimeUnit.SECONDS) >= 0);
                long deadline = System.nanoTime() + LONG.toNanos();
                while (v.get() != 42 && System.nanoTime() < deadline) cond.await(1, TimeUnit.SECONDS);
            } finally {
                cond.unlock();
            }
            assertEquals(42, v.get());
            assertEquals(List.of(10, 2, 3), new ArrayList<>(arr));
            assertThrows(UnsupportedOperationException.class, () -> arr.add(4));
            Children.joinOk(p);
        }
        e.clear();
        assertFalse(e.await(100, TimeUnit.MILLISECONDS));
        assertEquals(2, barrier.getParties());
        assertThrows(TimeoutException.class, () -> barrier.await(100, TimeUnit.MILLISECONDS));
        assertTrue(barrier.isBroken());
        assertThrows(BrokenBarrierException.class, barrier::await);
        barrier.reset();
        assertFalse(barrier.isBroken());
    }

    @Test
    void registeredTypesExposeTheirInterfaceOnly() throws Exception {
        Counter counter = manager.create("Counter", Counter.class);
        assertEquals(1, counter.increment());
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                for (int i = 0; i < 10; i++) counter.increment();
            });
            Children.joinOk(p);
        }
        assertEquals(11, counter.value());
        java.io.IOException x = assertThrows(java.io.IOException.class, counter::fail);
        assertEquals("as asked", x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> manager.create("NoSuchType", Counter.class));
        // a proxy whose interface claims more than the registered one cannot reach other methods
        Runnable sneaky = manager.create("Counter", Runnable.class);
        assertThrows(Exception.class, sneaky::run);
    }

    @Test
    void valuesThatCannotBeEncodedFailTheCallOnly() {
        Map<String, Object> d = manager.map();
        assertThrows(IllegalArgumentException.class, () -> d.put("x", new Object()));
        d.put("x", "fine");
        assertEquals("fine", d.get("x"));
    }

    @Test
    void aPendingInterruptFollowsTheJdkConventions() throws Exception {
        Map<String, String> d = manager.map();
        BlockingQueue<String> q = manager.queue();
        Thread.currentThread().interrupt();
        d.put("k", "v"); // Map.put is not interruptible: it completes and the interrupt stays pending
        assertTrue(Thread.interrupted());
        assertEquals("v", d.get("k"));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> q.put("x")); // put is: nothing is sent
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(0, q.size());
    }
}
