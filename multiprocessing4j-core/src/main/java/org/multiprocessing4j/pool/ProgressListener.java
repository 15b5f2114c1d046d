package org.multiprocessing4j.pool;

/**
 * Receives the progress of a map ({@link MapOptions#withProgressListener(ProgressListener)}) — for GUIs, logs and
 * metrics.
 *
 * <p><b>When.</b> At most once per {@linkplain MapOptions#withProgressInterval(java.time.Duration) interval}
 * (default 100 ms) while items complete, and skipped when nothing changed; then exactly once with
 * {@link Progress#finished()} true when the map has ended — completed, failed, timed out or cancelled. Calls never
 * overlap, and each sees counts at least as large as the one before.
 *
 * <p><b>Thread.</b> Calls are made on a thread of the map's own ({@code mp4j-progress}, a virtual thread), never on a
 * thread that dispatches tasks or reads results: a slow listener delays only its own updates (snapshots in between
 * are merged), never the map. For a synchronous {@code map} or a lazy map iterated to its end, the last call has
 * returned before the map returns (or the iterator reports its end), unless the listener takes more than a second.
 * An exception thrown by the listener is printed to {@link System#err} once and further updates of that map are
 * dropped.
 *
 * <p>Memory consistency effects: completing an item's chunk in the pool happens-before the call whose snapshot
 * counts it.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Receives a snapshot.
     *
     * @param progress the progress so far
     */
    void onProgress(Progress progress);
}
