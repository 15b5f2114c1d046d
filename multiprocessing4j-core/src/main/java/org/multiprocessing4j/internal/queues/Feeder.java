package org.multiprocessing4j.internal.queues;

import java.util.ArrayDeque;

import org.multiprocessing4j.internal.ExitHooks;

/**
 * The put side of an unbounded queue in one process — Python's feeder thread, but used only when needed.
 *
 * <p>A put writes straight into the ring when nothing of this process is pending and the ring has room now.
 * Otherwise the encoded item joins a local backlog, and a daemon thread moves the backlog into the ring in order,
 * waiting for room as long as it takes. So an unbounded put never blocks, and this process's items keep their order.
 *
 * <p>At exit (the JVM's exit, or the end of a child's task) the backlog is flushed, as Python joins its feeder
 * thread, unless {@link #cancelJoin()} was called. The flush gives up, with a note on stderr, when no consumer has
 * taken anything for {@link #STALL_NANOS}, so an exit never hangs on a queue nobody reads.
 */
public final class Feeder {
    private static final long DIRECT_NANOS = 100_000L;
    static final long STALL_NANOS = Long.getLong("multiprocessing4j.queueFlushStallMillis", 30_000L) * 1_000_000L;

    /** Feeders with a backlog: held strongly only while they have one, so a drained queue can be collected. */
    private static final java.util.Set<Feeder> ACTIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.atomic.AtomicBoolean HOOKED = new java.util.concurrent.atomic.AtomicBoolean();

    private final Ring ring;
    private final ArrayDeque<byte[]> backlog = new ArrayDeque<>(); // guarded by this
    private volatile int pending;
    private Thread thread; // guarded by this
    private volatile boolean cancelled;

    public Feeder(Ring ring) {
        this.ring = ring;
    }

    /** Puts one encoded item; never blocks for long. */
    public void put(byte[] item) {
        // The backlog shrinks only after its item is in the ring, so an empty backlog means every earlier item of
        // this process is in the ring, and this one may go straight in behind them.
        if (pending == 0 && ring.fits(item.length)) { // an oversized item streams: only the feeder may wait for that
            try {
                // First without reading the clock (the common case), then a short wait for the lock or for room.
                if (ring.put(item, 0) == Ring.OK || ring.put(item, DIRECT_NANOS) == Ring.OK) return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the item is not lost: it goes to the backlog below
            }
        }
        synchronized (this) {
            backlog.addLast(item);
            pending++;
            if (thread == null) {
                ACTIVE.add(this);
                if (HOOKED.compareAndSet(false, true)) ExitHooks.add(ExitHooks.Phase.FLUSH, Feeder::flushAllAtExit);
                thread = Thread.ofPlatform().daemon().name("mp4j-queue-feeder").start(this::run);
            }
            notifyAll();
        }
    }

    /** Items of this process not yet in the ring. */
    public int pending() {
        return pending;
    }

    private void run() {
        while (true) {
            byte[] next;
            synchronized (this) {
                if (backlog.isEmpty()) { // drained: the thread ends, and a later spill starts another
                    thread = null;
                    ACTIVE.remove(this);
                    return;
                }
                next = backlog.peekFirst();
            }
            try {
                while (ring.put(next, -1) != Ring.OK) {
                    Thread.onSpinWait(); // unreachable: an unlimited put returns only OK
                }
                synchronized (this) {
                    backlog.pollFirst();
                    pending--;
                    notifyAll();
                }
            } catch (InterruptedException | RuntimeException e) {
                // a broken ring (or a stray interrupt of this private thread): the backlog cannot be delivered
                System.err.println("multiprocessing4j: a queue's feeder dropped " + pending + " item(s): " + e);
                synchronized (this) {
                    pending -= backlog.size();
                    backlog.clear();
                    thread = null;
                    ACTIVE.remove(this);
                    notifyAll();
                }
                return;
            }
        }
    }

    /** Waits until the backlog is in the ring; false on timeout ({@code nanos < 0}: no limit). */
    public synchronized boolean flush(long nanos) throws InterruptedException {
        long deadline = nanos < 0 ? Long.MAX_VALUE : System.nanoTime() + nanos;
        while (pending > 0 && !cancelled) {
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
                    System.err.println("multiprocessing4j: " + pending + " item(s) put on a queue were not "
                            + "delivered at exit: no process took anything from the queue for "
                            + STALL_NANOS / 1_000_000_000L + " s");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
