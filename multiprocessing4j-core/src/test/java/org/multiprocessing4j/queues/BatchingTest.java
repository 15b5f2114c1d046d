package org.multiprocessing4j.queues;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.sync.Children;
import org.multiprocessing4j.sync.SharedEvent;

/**
 * A producer that outpaces its consumers batches its puts (see {@code internal.queues.Feeder}): nothing is lost,
 * reordered or left behind, whichever way the batch ends — filled, followed by an item too large for it, behind a
 * backlog, left for the lingerer, or at the end of the producing process.
 */
@ExtendWith(OwnShmLeakCheck.class)
@Timeout(120)
class BatchingTest {
    static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void itemsLeftInABatchArriveWithoutFurtherPuts() throws Exception {
        // No consumer yet: from the third put on, the lag lets puts wait in the batch.
        SharedQueue<Integer> q = new SharedQueue<>();
        for (int i = 0; i < 10; i++) q.put(i);
        assertEquals(10, q.size(), "size counts the batch");
        assertFalse(q.isEmpty());
        // Only the lingerer can move the rest now; every take waits for its item, in order.
        for (int i = 0; i < 10; i++) assertEquals(i, q.poll(Duration.ofSeconds(10)), "item " + i);
        assertNull(q.poll());
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
    }

    @Test
    void largeItemsBacklogAndBatchesKeepOneOrder() throws Exception {
        // An 8 KiB ring fills quickly (backlog), and every 50th item is larger than a batch (on its own).
        SharedQueue<Object> q = new SharedQueue<>(0, 8192);
        int n = 3000;
        for (int i = 0; i < n; i++) q.put(i % 50 == 49 ? new byte[40_000 + i] : (Object) i);
        assertEquals(n, q.size());
        for (int i = 0; i < n; i++) {
            Object o = q.poll(LONG);
            if (i % 50 == 49) assertEquals(40_000 + i, ((byte[]) o).length, "item " + i);
            else assertEquals(i, o, "item " + i);
        }
        assertNull(q.poll());
    }

    @Test
    void aBatchNeverOutgrowsASmallRing() throws Exception {
        // 4 KiB ring, nobody taking: records of ~0.5 KiB batch up, and a batch must still enter the ring in one piece.
        SharedQueue<byte[]> q = new SharedQueue<>(0, 4096);
        int n = 300;
        for (int i = 0; i < n; i++) q.put(new byte[500 + i % 7]);
        assertEquals(n, q.size());
        for (int i = 0; i < n; i++) assertEquals(500 + i % 7, q.poll(LONG).length, "item " + i);
        assertNull(q.poll());
    }

    @Test
    void threadsOfOneProcessAndConsumersLoseNothing() throws Exception {
        SharedQueue<long[]> q = new SharedQueue<>(0, 16_384);
        int producers = 4, consumers = 3, per = 20_000;
        ConcurrentLinkedQueue<long[]> got = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    long[] x;
                    while ((x = q.poll(LONG)) != null && x[0] >= 0) got.add(x);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Thread> puts = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            puts.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < per; i++) q.put(new long[] {id, i});
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : puts) assertTrue(t.join(LONG));
        for (int c = 0; c < consumers; c++) q.put(new long[] {-1, 0});
        for (Thread t : threads) assertTrue(t.join(LONG));
        assertEquals(producers * per, got.size());
        boolean[][] seen = new boolean[producers][per];
        for (long[] x : got) {
            assertFalse(seen[(int) x[0]][(int) x[1]], "duplicate " + x[0] + "/" + x[1]);
            seen[(int) x[0]][(int) x[1]] = true;
        }
    }

    @Test
    void oneConsumerSeesEachProducerThreadInOrder() throws Exception {
        SharedQueue<int[]> q = new SharedQueue<>(0, 8192);
        int producers = 3, per = 30_000;
        List<Thread> puts = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            puts.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < per; i++) q.offer(new int[] {id, i});
            }));
        }
        int[] next = new int[producers];
        for (int k = 0; k < producers * per; k++) {
            int[] x = q.poll(LONG);
            assertNotNull(x, "missing after " + k);
            assertEquals(next[x[0]]++, x[1], "producer " + x[0]);
        }
        for (Thread t : puts) assertTrue(t.join(LONG));
        assertNull(q.poll());
    }

    static void burst(SharedQueue<Integer> q, SharedEvent go, int n) {
        try {
            if (!go.await(LONG)) throw new IllegalStateException("no go");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        putAndReturn(q, n);
    }

    @Test
    void aChildsLastBatchIsDeliveredWhenItsTaskEnds() throws Exception {
        SharedQueue<Integer> q = new SharedQueue<>();
        SharedEvent go = new SharedEvent();
        int n = 100_000;
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> burst(q, go, n));
            go.set();
            // Slower than the child's puts at first, so that the child batches.
            long sum = 0;
            for (int i = 0; i < n; i++) {
                Integer x = q.poll(LONG);
                assertNotNull(x, "missing after " + i);
                assertEquals(i, x);
                sum += x;
            }
            assertEquals((long) n * (n - 1) / 2, sum);
            assertNull(q.poll());
            Children.joinOk(p);
        }
    }

    /** Puts 0..n-1 and returns at once: a batch may still wait in this process, and its end must deliver it. */
    static void putAndReturn(SharedQueue<Integer> q, int n) {
        try {
            for (int i = 0; i < n; i++) q.put(i);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theExitOfAChildDeliversABatchTheLingererWouldNotMoveForMinutes() throws Exception {
        SharedQueue<Integer> q = new SharedQueue<>();
        int n = 1000; // nobody takes while they are put: the lag lets most of them wait in batches
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> putAndReturn(q, n), "-Dmultiprocessing4j.queueLingerMicros=600000000");
            Children.joinOk(p); // only the end of the child's task can have moved its last batch
            for (int i = 0; i < n; i++) assertEquals(i, q.poll(Duration.ofSeconds(10)), "item " + i);
            assertNull(q.poll());
        }
    }

    static void putThenJoinThread(SharedQueue<Integer> q, SharedEvent joined, SharedEvent exit) {
        putAndReturn(q, 100);
        try {
            q.close();
            if (!q.joinThread(LONG)) throw new IllegalStateException("joinThread timed out");
            joined.set();
            if (!exit.await(LONG)) throw new IllegalStateException("never told to exit");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void joinThreadFlushesTheBatch() throws Exception {
        SharedQueue<Integer> q = new SharedQueue<>();
        SharedEvent joined = new SharedEvent(), exit = new SharedEvent();
        try (Children c = new Children()) {
            // The child's lingerer waits 10 minutes and the child does not end yet: only joinThread can flush.
            JvmProcess p = c.start(() -> putThenJoinThread(q, joined, exit),
                    "-Dmultiprocessing4j.queueLingerMicros=600000000");
            assertTrue(joined.await(LONG));
            assertEquals(100, q.ring.size(), "every item is in the ring once joinThread returned");
            exit.set();
            Children.joinOk(p);
            for (int i = 0; i < 100; i++) assertEquals(i, q.poll(Duration.ZERO), "item " + i);
        }
    }
}
