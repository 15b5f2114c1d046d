package org.multiprocessing4j.internal.pool;

/**
 * A worker's reader thread delivers its results, so callbacks and dependents of futures run on it. One that then
 * waits for a result of the same pool may wait for a frame that only this thread would read (a pool of one worker:
 * always). So before such a wait the reader hands its channel to a fresh thread, as a {@code ForkJoinPool}
 * compensates a blocked worker, and ends when the callback returns.
 */
public final class ReaderHandOff {
    private static final ThreadLocal<ProcessWorker> READING = new ThreadLocal<>();

    private ReaderHandOff() {}

    /** Marks the calling thread as {@code w}'s reader. */
    static void reading(ProcessWorker w) {
        READING.set(w);
    }

    /**
     * Called by a thread about to wait for a pool's result or iterator: on a worker's reader, hands the reading to a
     * new thread first (once per reader thread); elsewhere nothing.
     */
    static void beforeBlocking() {
        ProcessWorker w = READING.get();
        if (w == null) return;
        READING.remove();
        w.handOffReader();
    }
}
