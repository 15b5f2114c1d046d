package org.multiprocessing4j.internal.pool;

import java.util.function.Consumer;

/** The future of one call task; runs Python-style callbacks before completing. */
public final class TaskFuture<T> extends ClaimedResult<T> implements Task.Sink {
    private final PoolCore core;
    private final Consumer<? super T> callback;
    private final Consumer<? super Throwable> errorCallback;
    volatile Task task;

    public TaskFuture(PoolCore core, Consumer<? super T> callback, Consumer<? super Throwable> errorCallback) {
        this.core = core;
        this.callback = callback;
        this.errorCallback = errorCallback;
    }

    public void bind(Task t) {
        this.task = t;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void complete(Task t, Object value) {
        if (!claim()) return;
        Callbacks.run(this, callback, (T) value);
        super.complete((T) value);
    }

    @Override
    public void fail(Task t, Throwable error) {
        if (!claim()) return;
        Callbacks.run(this, errorCallback, error);
        completeExceptionally(error);
    }

    @Override
    public void cancelled(Task t) {
        if (claim()) super.cancel(false);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!claim()) return isCancelled(); // as CompletableFuture: true again for a cancelled one
        boolean r = super.cancel(mayInterruptIfRunning);
        Task t = task;
        if (r && t != null) core.cancel(t, mayInterruptIfRunning);
        return r;
    }
}
