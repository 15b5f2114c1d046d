package org.multiprocessing4j.internal.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.multiprocessing4j.internal.progress.ProgressTracker;

/**
 * A whole map: chunk results are copied into place by chunk index; completes when the last chunk arrives. Counts
 * items for its progress tracker, if any, as chunks end.
 */
public final class MapJob<R> extends ClaimedResult<List<R>> implements Task.Sink {
    private final PoolCore core;
    private final int n;
    private final int chunksize;
    private final List<?>[] chunkResults;
    private final List<Task> tasks = new ArrayList<>();
    private int remaining;
    private final Consumer<? super List<R>> callback;
    private final Consumer<? super Throwable> errorCallback;
    private volatile ProgressTracker progress;

    public MapJob(PoolCore core, int n, int chunksize, int chunks, Consumer<? super List<R>> callback,
                  Consumer<? super Throwable> errorCallback) {
        this.core = core;
        this.n = n;
        this.chunksize = chunksize;
        this.chunkResults = new List<?>[chunks];
        this.remaining = chunks;
        this.callback = callback;
        this.errorCallback = errorCallback;
    }

    public synchronized void add(Task t) {
        tasks.add(t);
    }

    /** Reports progress to {@code p} (set before the first chunk is submitted). */
    public void progress(ProgressTracker p) {
        this.progress = p;
    }

    /** {@return the progress tracker, or null} */
    public ProgressTracker progress() {
        return progress;
    }

    /**
     * Fails the map with a {@link TimeoutException} if it has not completed {@code nanos} from now; its tasks not
     * finished are then cancelled (running ones finish, their results are discarded).
     */
    public void deadline(long nanos) {
        // on the pool's timer, cancelled when the map completes (so that a long deadline does not keep a finished
        // map's results reachable); failing it runs callbacks, so that runs elsewhere
        var timeout = core.schedule(() -> CompletableFuture.runAsync(() -> {
            if (isDone()) return;
            fail(null, new TimeoutException("the map did not complete within its timeout of "
                    + java.time.Duration.ofNanos(nanos)));
        }), nanos);
        if (timeout != null) whenComplete((v, e) -> timeout.cancel(false));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void complete(Task t, Object value) {
        List<?> vals = (List<?>) value;
        boolean last;
        synchronized (this) {
            chunkResults[t.chunkIndex] = vals;
            last = --remaining == 0;
        }
        ProgressTracker p = progress;
        if (p != null) p.advance(t.items, false);
        if (last) finish();
    }

    /** Completes with the results (also for an empty input). */
    @SuppressWarnings("unchecked")
    public void finish() {
        if (!claim()) return;
        List<R> list;
        synchronized (this) {
            list = n == 0 ? List.of() : (List<R>) new ChunkedList(n, chunksize, chunkResults.clone());
        }
        Callbacks.run(this, callback, list);
        finishProgress();
        super.complete(list);
    }

    @Override
    public void fail(Task t, Throwable error) {
        ProgressTracker p = progress;
        if (p != null && t != null && !isDone()) p.advance(t.items, true); // a failed chunk is counted, as failed
        if (!claim()) return;
        finishProgress();
        Callbacks.run(this, errorCallback, error);
        if (completeExceptionally(error)) cancelTasks(false);
    }

    @Override
    public void cancelled(Task t) {
        if (claim() && super.cancel(false)) {
            finishProgress();
            cancelTasks(false);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!claim()) return isCancelled(); // as CompletableFuture: true again for a cancelled one
        boolean r = super.cancel(mayInterruptIfRunning);
        if (r) {
            finishProgress();
            cancelTasks(mayInterruptIfRunning);
        }
        return r;
    }

    private void finishProgress() {
        ProgressTracker p = progress;
        if (p != null) p.finish();
    }

    /**
     * The results, in input order, without copying the chunks together: numbers stay in the primitive arrays they
     * arrived in and are boxed when read. Unmodifiable.
     */
    static final class ChunkedList extends java.util.AbstractList<Object> implements java.util.RandomAccess {
        private final int n;
        private final int chunksize;
        private final List<?>[] chunks;

        ChunkedList(int n, int chunksize, List<?>[] chunks) {
            this.n = n;
            this.chunksize = chunksize;
            this.chunks = chunks;
        }

        @Override
        public Object get(int i) {
            java.util.Objects.checkIndex(i, n);
            return chunks[i / chunksize].get(i % chunksize);
        }

        @Override
        public int size() {
            return n;
        }
    }

    private void cancelTasks(boolean interrupt) {
        List<Task> ts;
        synchronized (this) {
            ts = new ArrayList<>(tasks);
        }
        for (Task t : ts) core.cancel(t, interrupt);
    }
}
