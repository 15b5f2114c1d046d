package org.multiprocessing4j.queues;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.sync.Children;
import org.multiprocessing4j.sync.SharedEvent;

/** Ports CPython's {@code _TestQueue} (put, get, fork, qsize, task_done, timeout, feeder errors, closed queues). */
@ExtendWith(OwnShmLeakCheck.class)
@Timeout(120)
class SharedQueueTest {
    static final Duration LONG = Duration.ofSeconds(60);

    static void assertTakes(long minNanos, long maxNanos, long elapsed) {
        assertTrue(elapsed >= minNanos && elapsed < maxNanos, "elapsed " + elapsed / 1_000_000 + " ms");
    }

    @Test
    void boundedPutBlocksUntilAnotherProcessTakes() throws Exception {
        SharedQueue<Integer> q = new SharedQueue<>(6);
        SharedEvent childCanStart = new SharedEvent(), parentCanContinue = new SharedEvent();
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                try {
                    childCanStart.await();
                    for (int i = 0; i < 6; i++) q.take();
                    parentCanContinue.set();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(q.isEmpty());
            assertFalse(q.isFull());
            q.put(1);
            q.put(2);
            assertTrue(q.offer(3, LONG));
            assertTrue(q.offer(4));
            assertTrue(q.offer(5, 0, TimeUnit.SECONDS));
            q.add(6);
            assertFalse(q.isEmpty());
            assertTrue(q.isFull());
            assertEquals(6, q.size());
            assertEquals(0, q.remainingCapacity());
            long t0 = System.nanoTime();
            assertFalse(q.offer(7));
            assertThrows(IllegalStateException.class, () -> q.add(7));
            assertTakes(0, 1_000_000_000L, System.nanoTime() - t0);
            t0 = System.nanoTime();
            assertFalse(q.offer(7, Duration.ofMillis(200)));
            assertTakes(190_000_000L, 5_000_000_000L, System.nanoTime() - t0);
            childCanStart.set();
            assertTrue(parentCanContinue.await(LONG));
            assertTrue(q.isEmpty());
            assertFalse(q.isFull());
            Children.joinOk(p);
        }
    }

    @Test
    void getsWhatAnotherProcessPut() throws Exception {
        SharedQueue<Integer> q = new SharedQueue<>();
        SharedEvent childCanStart = new SharedEvent(), parentCanContinue = new SharedEvent();
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                try {
                    childCanStart.await();
                    for (int i = 2; i <= 5; i++) q.put(i);
                    parentCanContinue.set();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(q.isEmpty());
            childCanStart.set();
            assertTrue(parentCanContinue.await(LONG));
            assertFalse(q.isEmpty());
            assertEquals(2, q.take());
            assertEquals(3, q.poll(LONG));
            assertEquals(4, q.poll(1, TimeUnit.SECONDS));
            assertEquals(5, q.poll());
            assertTrue(q.isEmpty());
            long t0 = System.nanoTime();
            assertNull(q.poll());
            assertNull(q.poll(Duration.ZERO));
            assertTakes(0, 1_000_000_000L, System.nanoTime() - t0);
            t0 = System.nanoTime();
            assertNull(q.poll(Duration.ofMillis(200)));
            assertTakes(190_000_000L, 5_000_000_000L, System.nanoTime() - t0);
            Children.joinOk(p);
        }
    }

    @Test
    void itemsOfParentThenChildComeOutInOrder() throws Exception {
        SharedQueue<Integer> q = new SharedQueue<>();
        for (int i = 0; i < 10; i++) q.put(i);
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                for (int i = 10; i < 20; i++) q.offer(i);
            });
            for (int i = 0; i < 20; i++) assertEquals(i, q.poll(LONG));
            assertNull(q.poll());
            Children.joinOk(p);
        }
    }

    @Test
    void qsizeCountsPutsAndTakes() throws Exception {
        SharedQueue<Integer> q = new SharedQueue<>();
        assertEquals(0, q.size());
        q.put(1);
        assertEquals(1, q.size());
        q.put(5);
        assertEquals(2, q.size());
        assertEquals(1, q.peek());
        assertEquals(2, q.size());
        q.take();
        assertEquals(1, q.size());
        q.take();
        assertEquals(0, q.size());
        assertNull(q.peek());
    }

    @Test
    void joinWaitsForTaskDoneInFourConsumers() throws Exception {
        JoinableSharedQueue<Integer> q = new JoinableSharedQueue<>();
        try (Children c = new Children()) {
            List<JvmProcess> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(c.start(() -> {
                    try {
                        while (q.take() >= 0) q.taskDone();
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            for (int i = 0; i < 10; i++) q.put(i);
            assertTrue(q.join(LONG), "join timed out with " + q.unfinishedTasks() + " unfinished");
            assertEquals(0, q.unfinishedTasks());
            for (int w = 0; w < 4; w++) q.put(-1);
            for (JvmProcess p : workers) Children.joinOk(p);
        }
        assertEquals(4, q.unfinishedTasks()); // the sentinels were taken but not marked done
        for (int w = 0; w < 4; w++) q.taskDone();
        assertThrows(IllegalStateException.class, q::taskDone);
    }

    @Test
    void joinTimesOutWhileTasksAreUnfinished() throws Exception {
        JoinableSharedQueue<String> q = new JoinableSharedQueue<>();
        q.put("a");
        assertEquals("a", q.take());
        long t0 = System.nanoTime();
        assertFalse(q.join(Duration.ofMillis(200)));
        assertTakes(190_000_000L, 5_000_000_000L, System.nanoTime() - t0);
        q.taskDone();
        assertTrue(q.join(Duration.ZERO));
        q.join();
    }

    @Test
    void takeTimesOut() throws Exception {
        SharedQueue<Integer> q = new SharedQueue<>();
        long t0 = System.nanoTime();
        assertNull(q.poll(200, TimeUnit.MILLISECONDS));
        assertTakes(100_000_000L, 5_000_000_000L, System.nanoTime() - t0);
    }

    static final class NotSerializable {
    }

    @Test
    void anItemThatCannotBeEncodedFailsItsPutOnly() throws Exception {
        for (int maxsize : new int[] {0, 1}) {
            SharedQueue<Object> q = new SharedQueue<>(maxsize);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.put(new NotSerializable()));
            assertInstanceOf(EncodingException.class, e.getCause());
            assertTrue(e.getMessage().contains("NotSerializable"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> q.offer(new NotSerializable()));
            q.put(true);
            assertEquals(1, q.size());
            assertEquals(true, q.poll(LONG));
            assertTrue(q.isEmpty());
        }
        JoinableSharedQueue<Object> j = new JoinableSharedQueue<>();
        assertThrows(IllegalArgumentException.class, () -> j.put(new NotSerializable()));
        assertEquals(0, j.unfinishedTasks());
        SimpleSharedQueue<Object> s = new SimpleSharedQueue<>();
        assertThrows(IllegalArgumentException.class, () -> s.put(new NotSerializable()));
        s.put("ok");
        assertEquals("ok", s.get());
    }

    @Test
    void closedQueueRefusesPutAndGet() {
        for (SharedQueue<String> q : List.of(new SharedQueue<String>(), new JoinableSharedQueue<String>())) {
            q.close();
            q.close();
            assertTrue(q.isClosed());
            assertTrue(assertThrows(IllegalStateException.class, () -> q.put("foo")).getMessage().contains("is closed"));
            assertTrue(assertThrows(IllegalStateException.class, q::take).getMessage().contains("is closed"));
            assertThrows(IllegalStateException.class, q::poll);
        }
        SimpleSharedQueue<String> s = new SimpleSharedQueue<>();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.put("foo"));
        assertThrows(IllegalStateException.class, s::get);
    }

    @Test
    void nullAndIterationAreRefused() {
        SharedQueue<String> q = new SharedQueue<>();
        assertThrows(NullPointerException.class, () -> q.put(null));
        assertThrows(NullPointerException.class, () -> q.offer(null));
        assertThrows(UnsupportedOperationException.class, q::iterator);
    }

    @Test
    void itemsLargerThanTheRingStreamThroughIt() throws Exception {
        SharedQueue<byte[]> toChild = new SharedQueue<>(2, 4096), toParent = new SharedQueue<>(2, 4096);
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + 7);
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                try {
                    for (int i = 0; i < 3; i++) {
                        toParent.put(toChild.take()); // echo: the parent checks the contents
                        toParent.put(new byte[] {(byte) i});
                    }
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            for (int i = 0; i < 3; i++) {
                toChild.put(big); // 300 KB through 4 KiB rings, both ways
                assertArrayEquals(big, toParent.poll(LONG));
                assertArrayEquals(new byte[] {(byte) i}, toParent.poll(LONG));
            }
            Children.joinOk(p);
        }
    }

    @Test
    void largeAndSmallItemsInterleavedKeepOrder() throws Exception {
        SharedQueue<Object> q = new SharedQueue<>(0, 4096);
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                for (int i = 0; i < 40; i++) {
                    q.offer(i % 4 == 0 ? new int[10_000 + i] : Integer.valueOf(i));
                }
            });
            for (int i = 0; i < 40; i++) {
                Object o = q.poll(LONG);
                if (i % 4 == 0) assertEquals(10_000 + i, ((int[]) o).length);
                else assertEquals(i, o);
            }
            Children.joinOk(p);
        }
    }

    @Test
    void itemsPutByAProcessThatExitsAreDelivered() throws Exception {
        // A 4 KiB ring holds a few hundred ints: the rest wait in the child's backlog, flushed as the child ends.
        SharedQueue<Integer> q = new SharedQueue<>(0, 4096);
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                for (int i = 0; i < 5000; i++) q.offer(i);
            });
            for (int i = 0; i < 5000; i++) assertEquals(i, q.poll(LONG));
            Children.joinOk(p);
        }
    }

    @Test
    void producersKeepTheirOwnOrder() throws Exception {
        SharedQueue<int[]> q = new SharedQueue<>(0, 8192);
        int n = 20_000;
        try (Children c = new Children()) {
            JvmProcess a = c.start(() -> {
                for (int i = 0; i < n; i++) q.offer(new int[] {0, i});
            });
            JvmProcess b = c.start(() -> {
                for (int i = 0; i < n; i++) q.offer(new int[] {1, i});
            });
            Thread local = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < n; i++) q.offer(new int[] {2, i});
            });
            int[] next = new int[3];
            for (int k = 0; k < 3 * n; k++) {
                int[] item = q.poll(LONG);
                assertNotNull(item, "missing items after " + k + ": " + Arrays.toString(next));
                assertEquals(next[item[0]]++, item[1], "producer " + item[0]);
            }
            assertNull(q.poll());
            local.join(LONG);
            Children.joinOk(a);
            Children.joinOk(b);
        }
    }

    @Test
    void aBlockedTakeIsInterruptible() throws Exception {
        SharedQueue<String> q = new SharedQueue<>();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> q.poll(LONG));
        Thread waiter = Thread.ofPlatform().start(() -> assertThrows(InterruptedException.class, q::take));
        // Whether the interrupt lands before or during the wait, the take must end with InterruptedException.
        Thread.sleep(100); // give the waiter a chance to be asleep in the futex; not needed for correctness
        waiter.interrupt();
        waiter.join(10_000);
        assertFalse(waiter.isAlive());
        q.put("still usable");
        assertEquals("still usable", q.take());
    }

    @Test
    void aConsumerKilledWhileWaitingDoesNotBlockTheOthers() throws Exception {
        SharedQueue<String> q = new SharedQueue<>();
        SharedEvent started = new SharedEvent();
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                started.set();
                try {
                    q.take(); // holds the take lock while it waits
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(started.await(LONG));
            p.kill();
            assertTrue(p.join(LONG));
            q.put("after");
            assertEquals("after", q.poll(LONG));
        }
    }

    @Test
    void travelsAsADescriptor() throws Exception {
        JoinableSharedQueue<String> q = new JoinableSharedQueue<>(3);
        q.put("x");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(q);
        }
        Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }
        JoinableSharedQueue<?> j = assertInstanceOf(JoinableSharedQueue.class, copy);
        assertEquals(3, j.maxsize());
        assertEquals("x", j.take());
        j.taskDone();
        assertTrue(q.join(Duration.ZERO));
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void joinThreadWaitsForTheBacklog() throws Exception {
        SharedQueue<Integer> q = new SharedQueue<>(0, 4096);
        assertThrows(IllegalStateException.class, () -> q.joinThread(Duration.ZERO));
        for (int i = 0; i < 2000; i++) assertTrue(q.offer(i)); // never blocks: most wait in this process's backlog
        assertEquals(2000, q.size());
        q.close();
        assertFalse(q.joinThread(Duration.ofMillis(100)), "nobody reads: the backlog cannot drain");
        SharedQueue<Integer> reader = roundTrip(q); // another handle, as a consumer process would have
        for (int i = 0; i < 2000; i++) assertEquals(i, reader.poll(LONG));
        assertTrue(q.joinThread(LONG));
    }

    static void putHuge(SharedQueue<byte[]> q) {
        try {
            q.put(new byte[1 << 20]); // streams through a 4 KiB ring: blocks after the first chunk
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void aProducerKilledHalfwayThroughAnOversizedItemBreaksTheQueueClearly() throws Exception {
        SharedQueue<byte[]> q = new SharedQueue<>(1, 4096);
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> putHuge(q));
            long deadline = System.nanoTime() + LONG.toNanos();
            while (!q.isReady() && System.nanoTime() < deadline) Thread.onSpinWait();
            assertTrue(q.isReady(), "the producer never started its item");
            p.kill();
            assertTrue(p.join(LONG));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.poll(LONG));
            assertTrue(e.getMessage().contains("broken"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> q.put(new byte[1]));
        }
    }

    @Test
    void aBrokenRingFailsUnboundedPutsAndLeavesNothingPending() throws Exception {
        SharedQueue<byte[]> q = new SharedQueue<>(0, 4096);
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> putHuge(q)); // unbounded: the child's feeder thread streams it
            long deadline = System.nanoTime() + LONG.toNanos();
            while (!q.isReady() && System.nanoTime() < deadline) Thread.onSpinWait();
            assertTrue(q.isReady(), "the producer never started its item");
            p.kill();
            assertTrue(p.join(LONG));
            assertThrows(IllegalStateException.class, () -> q.poll(LONG));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.put(new byte[1]));
            assertTrue(e.getMessage().contains("broken"), e.getMessage());
            assertEquals(0, q.size() - q.ring.size(), "a failed put is not counted as waiting in this process");
            q.close();
            assertTrue(q.joinThread(Duration.ofSeconds(5)), "nothing of this process is left to flush");
        }
    }

    @Test
    void oversizedItemsNeverBlockAnUnboundedPutOrAnOffer() throws Exception {
        SharedQueue<byte[]> unbounded = new SharedQueue<>(0, 4096);
        long t0 = System.nanoTime();
        unbounded.put(new byte[100_000]); // nobody reads: it waits in the backlog, not in put
        assertTrue(unbounded.offer(new byte[100_000]));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        assertEquals(100_000, unbounded.poll(LONG).length);
        assertEquals(100_000, unbounded.poll(LONG).length);
        SharedQueue<byte[]> bounded = new SharedQueue<>(5, 4096);
        assertFalse(bounded.offer(new byte[100_000]), "cannot enter a 4 KiB ring without waiting");
        assertTrue(bounded.offer(new byte[100]));
        assertEquals(100, bounded.poll().length);
    }

    static void echo(SharedQueue<Integer> in, SharedQueue<Integer> out) {
        try {
            for (Integer x; (x = in.take()) >= 0; ) out.put(x + 1);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void pingPongNeverLosesAWakeUp() throws Exception {
        // Both sides sleep between items here, so every item goes through the futex hand-over. A lost wake-up
        // would still end (sleeps are 50 ms slices), but 2000 of them would take 100 s: the bound catches that.
        SharedQueue<Integer> ping = new SharedQueue<>(), pong = new SharedQueue<>();
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> echo(ping, pong));
            long t0 = System.nanoTime();
            for (int i = 0; i < 2000; i++) {
                ping.put(i);
                assertEquals(i + 1, pong.poll(LONG));
            }
            long elapsed = System.nanoTime() - t0;
            ping.put(-1);
            Children.joinOk(p);
            assertTrue(elapsed < 40_000_000_000L, "2000 round trips took " + elapsed / 1_000_000 + " ms");
        }
    }
}
