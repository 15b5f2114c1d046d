package org.multiprocessing4j.internal.queues;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.multiprocessing4j.internal.ExitHooks;

/**
 * The put side of an unbounded queue in one process — Python's feeder thread, but used only when needed.
 *
 * <p><b>Batching.</b> A put lays its item out as a ring record in a local batch. The batch enters the ring (one lock
 * acquisition and one publication for all its records) at once, unless the consumers are known to be busy: each
 * flush reads how many items they have yet to take, and while that count is large the next puts may wait in the batch
 * up to half of it (at most {@link #BATCH_ITEMS}), since the consumers cannot run dry before the batch fills. A
 * batch left behind by a producer that stops putting is moved by a shared lingerer thread within about
 * {@link #LINGER_NANOS}. So a producer that outpaces its consumers pays the ring's atomic instructions once per batch,
 * and a put to an idle consumer is in the ring when it returns.
 *
 * <p><b>Backlog.</b> When the ring has no room now, the batch (or the item) joins a local backlog, and a daemon thread
 * moves the backlog into the ring in order, waiting for room as long as it takes. So an unbounded put never blocks
 * for long, and this process's items keep their order.
 *
 * <p>At exit (the JVM's exit, or the end of a child's task) the batch and the backlog are flushed, as Python joins
 * its feeder thread, unless {@link #cancelJoin()} was called. The flush gives up, with a note on stderr, when no
 * consumer has taken anything for {@link #STALL_NANOS}, so an exit never hangs on a queue nobody reads.
 */
public final class Feeder {
    private static final long DIRECT_NANOS = 100_000L;
    static final long STALL_NANOS = Long.getLong("multiprocessing4j.queueFlushStallMillis", 30_000L) * 1_000_000L;
    /** The most items a batch holds before it is flushed. */
    static final int BATCH_ITEMS = 256;
    /** The most bytes a batch holds (less on a small ring); an item whose record is larger goes on its own. */
    static final int BATCH_BYTES = 32 * 1024;
    /** How long a batch may wait for more items before the lingerer moves it; {@code -Dmultiprocessing4j.queueLingerMicros}. */
    static final long LINGER_NANOS = Math.max(1, Long.getLong("multiprocessing4j.queueLingerMicros", 100L)) * 1000L;

    /** Feeders with a backlog: held strongly only while they have one, so a drained queue can be collected. */
    private static final Set<Feeder> ACTIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private final Ring ring;
    /** A batch's bytes: {@link #BATCH_BYTES}, or a quarter of a smaller ring (a batch enters the ring in one piece). */
    private final int batchLimit;
    // Guarded by this: the batch, the backlog, and the backlog's thread.
    private byte[] batch; // allocated when first needed: most queues of a process never batch
    private int batchBytes, batchItems;
    /** Items that may wait in the batch before it is flushed: half the consumers' lag at the last flush. */
    private int deferrable;
    private long batchStart; // System.nanoTime() of the batch's first item
    private boolean lingering; // registered with the lingerer
    private final ArrayDeque<Chunk> backlog = new ArrayDeque<>();
    private Thread thread;
    private int backlogItems; // items in the backlog's chunks
    private volatile boolean cancelled;

    /** Records laid out for {@link Ring#putRecords} ({@code records > 0}), or one item's bytes ({@code records == 0}). */
    private record Chunk(byte[] data, int length, int records) {
        int items() {
            return records == 0 ? 1 : records;
        }
    }

    public Feeder(Ring ring) {
        this.ring = ring;
        this.batchLimit = (int) Math.min(BATCH_BYTES, ring.capacity() / 4);
    }

    /** Puts one encoded item; never blocks for long. */
    public synchronized void put(byte[] item) {
        long record = Ring.recordSize(item.length);
        if (backlog.isEmpty() && deferrable > 0 && record <= batchLimit) {
            if (batchBytes + record > batchLimit) flushBatch();
            if (backlog.isEmpty()) {
                if (batch == null) batch = new byte[batchLimit];
                if (batchItems == 0) batchStart = System.nanoTime();
                batchBytes = Ring.appendRecord(batch, batchBytes, item);
                if (++batchItems > deferrable) flushBatch();
                else if (!lingering) Lingerer.add(this);
                return;
            }
        }
        // Consumers that keep up, an item larger than a batch, or one behind a backlog: on its own, in order.
        flushBatch();
        if (backlog.isEmpty() && record <= ring.capacity() && direct(item)) {
            measureLag();
            return;
        }
        spill(new Chunk(item, item.length, 0));
    }

    /** Items of this process not yet in the ring. */
    public synchronized int pending() {
        return batchItems + backlogItems;
    }

    /** After items entered the ring: how many the next puts may keep back (half the consumers' lag). */
    private void measureLag() {
        deferrable = (int) Math.min(BATCH_ITEMS - 1, Math.max(0, ring.unconsumed() / 2));
    }

    /** Moves the batch into the ring, or into the backlog if the ring has no room now. Holding this. */
    private void flushBatch() {
        int n = batchItems, bytes = batchBytes;
        if (n == 0) return;
        batchItems = 0; // first: on a broken ring the batch is lost with it (records throws), and the put says so
        batchBytes = 0;
        // A batch grows only while the backlog is empty, so it goes before anything in the backlog.
        if (records(batch, bytes, n)) {
            measureLag();
        } else {
            spill(new Chunk(Arrays.copyOf(batch, bytes), bytes, n));
            deferrable = 0;
        }
    }

    private boolean records(byte[] data, int length, int count) {
        try {
            // First without reading the clock (the common case), then a short wait for the lock or for room.
            return ring.putRecords(data, length, count, 0) == Ring.OK
                    || ring.putRecords(data, length, count, DIRECT_NANOS) == Ring.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nothing is lost: the caller keeps the records for the backlog
            return false;
        }
    }

    private boolean direct(byte[] item) {
        try {
            return ring.put(item, 0) == Ring.OK || ring.put(item, DIRECT_NANOS) == Ring.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Appends to the backlog and makes sure its thread runs. Holding this. */
    private void spill(Chunk c) {
        backlog.addLast(c);
        backlogItems += c.items();
        if (thread == null) {
            ACTIVE.add(this);
            hook();
            thread = Thread.ofPlatform().daemon().name("mp4j-queue-feeder").start(this::run);
        }
        notifyAll();
    }

    private static void hook() {
        if (HOOKED.compareAndSet(false, true)) ExitHooks.add(ExitHooks.Phase.FLUSH, Feeder::flushAllAtExit);
    }

    private void run() {
        while (true) {
            Chunk next;
            synchronized (this) {
                if (backlog.isEmpty()) { // drained: the thread ends, and a later spill starts another
                    thread = null;
                    ACTIVE.remove(this);
                    return;
                }
                next = backlog.peekFirst();
            }
            try {
                // Unlimited waits return only OK.
                if (next.records == 0) ring.put(next.data, -1);
                else ring.putRecords(next.data, next.length, next.records, -1);
                synchronized (this) {
                    backlog.pollFirst();
                    backlogItems -= next.items();
                    notifyAll();
                }
            } catch (InterruptedException | RuntimeException e) {
                // a broken ring (or a stray interrupt of this private thread): the backlog cannot be delivered
                synchronized (this) {
                    int lost = backlogItems;
                    System.err.println("multiprocessing4j: a queue's feeder dropped " + lost + " item(s): " + e);
                    backlogItems -= lost;
                    backlog.clear();
                    thread = null;
                    ACTIVE.remove(this);
                    notifyAll();
                }
                return;
            }
        }
    }

    /**
     * The lingerer's visit: a batch that waited {@link #LINGER_NANOS} ({@code all}: any batch) enters the ring.
     * Registration and deregistration both happen under this feeder's lock, so a put never finds it registered
     * when it is not.
     */
    synchronized void linger(long now, boolean all) {
        if (batchItems > 0 && !all && now - batchStart < LINGER_NANOS) return; // young: it fills up by itself
        int n = batchItems;
        try {
            flushBatch();
        } catch (RuntimeException e) { // a broken ring: flushBatch dropped the batch; nobody else is told
            System.err.println("multiprocessing4j: a queue's feeder dropped " + n + " item(s): " + e);
        }
        lingering = false;
        Lingerer.WAITING.remove(this);
    }

    /** Waits until the batch and the backlog are in the ring; false on timeout ({@code nanos < 0}: no limit). */
    public synchronized boolean flush(long nanos) throws InterruptedException {
        flushBatch();
        long deadline = nanos < 0 ? Long.MAX_VALUE : System.nanoTime() + nanos;
        while (batchItems + backlogItems > 0 && !cancelled) {
            long left = deadline == Long.MAX_VALUE ? 50 : (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) return false;
            wait(Math.min(50, left));
        }
        return true;
    }

    /** Python's {@code cancel_join_thread()}: exit without waiting for the backlog (which is then lost). */
    public void cancelJoin() {
        cancelled = true;
        synchronized (this) {
            notifyAll();
        }
    }

    private static void flushAllAtExit() {
        Lingerer.drain(true);
        for (Feeder f : ACTIVE) f.flushAtExit();
    }

    private void flushAtExit() {
        try {
            int before = ring.takesSeen();
            long lastProgress = System.nanoTime();
            while (!flush(50_000_000L)) {
                int now = ring.takesSeen();
                if (now != before) {
                    before = now;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
                    System.err.println("multiprocessing4j: " + pending() + " item(s) put on a queue were not "
                            + "delivered at exit: no process took anything from the queue for "
                            + STALL_NANOS / 1_000_000_000L + " s");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One daemon thread per process that flushes batches left behind: a feeder registers when a put leaves its batch
     * waiting, and is visited about {@link #LINGER_NANOS} later (held strongly only until then).
     */
    private static final class Lingerer {
        private static final Set<Feeder> WAITING = ConcurrentHashMap.newKeySet();
        private static volatile Thread thread; // written under Lingerer.class
        private static volatile boolean parked;

        /** Holding {@code f}'s lock. */
        static void add(Feeder f) {
            f.lingering = true;
            WAITING.add(f);
            Thread t = thread;
            if (t == null) t = start();
            if (parked) LockSupport.unpark(t);
        }

        private static synchronized Thread start() {
            if (thread == null) {
                hook();
                thread = Thread.ofPlatform().daemon().name("mp4j-queue-lingerer").start(Lingerer::run);
            }
            return thread;
        }

        private static void run() {
            while (true) {
                if (WAITING.isEmpty()) {
                    parked = true;
                    if (WAITING.isEmpty()) LockSupport.park();
                    parked = false;
                    continue;
                }
                LockSupport.parkNanos(LINGER_NANOS);
                drain(false);
            }
        }

        static void drain(boolean all) {
            long now = System.nanoTime();
            for (Feeder f : WAITING) {
                f.linger(now, all);
            }
        }
    }
}
