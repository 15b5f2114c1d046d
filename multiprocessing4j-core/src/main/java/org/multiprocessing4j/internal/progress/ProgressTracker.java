package org.multiprocessing4j.internal.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.multiprocessing4j.pool.MapOptions;
import org.multiprocessing4j.pool.Progress;
import org.multiprocessing4j.pool.ProgressListener;

/**
 * Counts a map's items as its chunks end, and reports snapshots to a bar and a listener from a thread of its own
 * (see {@link ProgressListener} for the contract). Counting is an atomic add per chunk on the thread that delivers
 * the chunk's result; nothing else happens there.
 */
public final class ProgressTracker {
    /** The weight of the newest rate in the smoothed rate (tqdm's default). */
    private static final double SMOOTHING = 0.3;
    private static final long FINAL_WAIT_NANOS = 1_000_000_000L;

    private final String label;
    private final long start = System.nanoTime();
    private final long intervalNanos;
    private final ProgressBar bar;
    private final ProgressListener listener;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long total;
    private final Object lock = new Object();
    private boolean ended;      // guarded by lock
    private boolean delivered;  // guarded by lock: the last snapshot has been handed over
    private boolean broken;     // reporter thread only: the listener threw

    private ProgressTracker(MapOptions o, long total, ProgressBar bar) {
        this.label = o.label().orElse("");
        this.intervalNanos = o.progressInterval().toNanos();
        this.bar = bar;
        this.listener = o.progressListener().orElse(null);
        this.total = total;
        Thread.ofVirtual().name("mp4j-progress").start(this::report);
    }

    /**
     * A tracker for a map with these options, reporting from now on; null when there is nothing to report to (no
     * listener, and no bar or a bar on a standard error that is not a terminal).
     *
     * @param total the number of items, or -1 if not known yet
     */
    public static ProgressTracker start(MapOptions o, long total) {
        if (o == null || !o.reportsProgress()) return null;
        ProgressBar bar = null;
        if (o.progressBar()) {
            PrintStream out = o.progressBarStream().orElse(null);
            if (out != null) bar = new ProgressBar(out);
            else if (Terminal.stderrIsTerminal()) bar = new ProgressBar(System.err);
        }
        if (bar == null && o.progressListener().isEmpty()) return null;
        return new ProgressTracker(o, total >= 0 ? total : o.total(), bar);
    }

    /** Counts the items of a chunk that ended; {@code failedChunk} when it failed. Every item done finishes. */
    public void advance(long items, boolean failedChunk) {
        long d = done.addAndGet(items);
        if (failedChunk) failed.addAndGet(items); // after done, read before it: a snapshot never has failed > done
        long t = total;
        if (t >= 0 && d >= t) finish();
    }

    /** The total, once a lazy input has been read to its end. */
    public void total(long items) {
        total = items;
        if (done.get() >= items) finish();
    }

    /** The map has ended: the last snapshot is reported soon, on the reporter thread. Idempotent; never waits. */
    public void finish() {
        synchronized (lock) {
            ended = true;
            lock.notifyAll();
        }
    }

    /**
     * {@link #finish()}, then waits (at most a second) until the last snapshot has been handed over, so that a bar
     * is complete before the caller prints anything.
     */
    public void finishAndWait() {
        finish();
        long deadline = System.nanoTime() + FINAL_WAIT_NANOS;
        boolean interrupted = false;
        synchronized (lock) {
            while (!delivered) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true; // the map is over; report the interrupt to the caller's next wait
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void report() {
        long lastDone = 0, lastAt = start, reported = -1, reportedFailed = -1;
        double rate = 0;
        boolean first = true;
        while (true) {
            boolean end;
            synchronized (lock) {
                if (!ended) {
                    try {
                        lock.wait(Math.max(1, intervalNanos / 1_000_000));
                    } catch (InterruptedException e) {
                        ended = true; // not expected: nobody interrupts this thread; end cleanly
                    }
                }
                end = ended;
            }
            long now = System.nanoTime();
            long f = failed.get();
            long d = done.get();
            long dt = now - lastAt;
            if (end) {
                rate = d / Math.max(1e-9, (now - start) / 1e9); // the whole map's average
            } else if (dt > 0 && d > lastDone) {
                double r = (d - lastDone) / (dt / 1e9);
                rate = first ? r : SMOOTHING * r + (1 - SMOOTHING) * rate;
                first = false;
                lastDone = d;
                lastAt = now;
            }
            long t = total;
            Progress p = new Progress(label, d, f, t >= 0 ? Math.max(t, d) : -1, Duration.ofNanos(now - start), rate, end);
            if (bar != null) bar.draw(p);
            if (listener != null && !broken && (end || d != reported || f != reportedFailed)) {
                try {
                    listener.onProgress(p);
                } catch (Throwable e) {
                    broken = true;
                    System.err.println("multiprocessing4j: a progress listener threw; its updates for this map stop: " + e);
                    e.printStackTrace();
                }
            }
            reported = d;
            reportedFailed = f;
            if (end) {
                synchronized (lock) {
                    delivered = true;
                    lock.notifyAll();
                }
                return;
            }
        }
    }
}
