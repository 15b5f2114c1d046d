package org.multiprocessing4j.internal.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.multiprocessing4j.pool.AsyncResult;

/** A whole map: chunk results are copied into place by chunk index; completes when the last chunk arrives. */
public final class MapJob<R> extends AsyncResult<List<R>> implements Task.Sink {
    private final PoolCore core;
    private final int n;
    private final int chunksize;
    private final List<?>[] chunkResults;
    private final List<Task> tasks = new ArrayList<>();
    private int remaining;
    private final Consumer<? super List<R>> callback;
    private final Consumer<? super Throwable> errorCallback;

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

    @Override
    @SuppressWarnings("unchecked")
    public void complete(Task t, Object value) {
        List<?> vals = (List<?>) value;
        boolean last;
        synchronized (this) {
            chunkResults[t.chunkIndex] = vals;
            last = --remaining == 0;
        }
        if (last) finish();
    }

    /** Completes with the results (also for an empty input). */
    @SuppressWarnings("unchecked")
    public void finish() {
        if (isDone()) return;
        List<R> list;
        synchronized (this) {
            list = n == 0 ? List.of() : (List<R>) new ChunkedList(n, chunksize, chunkResults.clone());
        }
        if (callback != null) {
            try {
                callback.accept(list);
            } catch (Throwable e) {
                e.printStackTrace();
            }
        }
        super.complete(list);
    }

    @Override
    public void fail(Task t, Throwable error) {
        if (isDone()) return;
        if (errorCallback != null) {
            try {
                errorCallback.accept(error);
            } catch (Throwable e) {
                e.printStackTrace();
            }
        }
        if (completeExceptionally(error)) cancelTasks(false);
    }

    @Override
    public void cancelled(Task t) {
        if (super.cancel(false)) cancelTasks(false);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean r = super.cancel(mayInterruptIfRunning);
        if (r) cancelTasks(mayInterruptIfRunning);
        return r;
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
