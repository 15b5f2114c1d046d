package org.multiprocessing4j.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.function.SerializableBiFunction;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.internal.pool.Errors;
import org.multiprocessing4j.internal.pool.ImapJob;
import org.multiprocessing4j.internal.pool.MapJob;
import org.multiprocessing4j.internal.pool.PoolCore;
import org.multiprocessing4j.internal.pool.Task;
import org.multiprocessing4j.internal.pool.TaskFuture;
import org.multiprocessing4j.internal.pool.Wire;
import org.multiprocessing4j.internal.progress.ProgressTracker;

/** The {@link TaskPool} API over the shared dispatcher; {@link Pool} and {@link ThreadPool} only build it. */
abstract sealed class PoolBase implements TaskPool permits Pool, ThreadPool {
    final PoolCore core;
    final long taskTimeoutNanos;

    PoolBase(PoolCore core, Duration taskTimeout) {
        this.core = core;
        this.taskTimeoutNanos = taskTimeout == null ? 0 : taskTimeout.toNanos();
    }

    @Override
    public int processes() {
        return core.maxWorkers();
    }

    static <T> T await(java.util.concurrent.Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw Errors.rethrow(e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        }
    }

    @Override
    public <A, R> R apply(SerializableFunction<? super A, ? extends R> fn, A arg) throws InterruptedException {
        return await(applyAsync(fn, arg));
    }

    @Override
    public <R> R apply(SerializableCallable<? extends R> fn) throws InterruptedException {
        return await(applyAsync(fn));
    }

    @Override
    public <A, R> AsyncResult<R> applyAsync(SerializableFunction<? super A, ? extends R> fn, A arg) {
        return call(Wire.K_FN, fn, arg, taskTimeoutNanos, null, null);
    }

    @Override
    public <A, R> AsyncResult<R> applyAsync(SerializableFunction<? super A, ? extends R> fn, A arg, Duration timeout) {
        return call(Wire.K_FN, fn, arg, timeout == null ? 0 : timeout.toNanos(), null, null);
    }

    @Override
    public <A, R> AsyncResult<R> applyAsync(SerializableFunction<? super A, ? extends R> fn, A arg,
                                            Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        return call(Wire.K_FN, fn, arg, taskTimeoutNanos, callback, errorCallback);
    }

    @Override
    public <R> AsyncResult<R> applyAsync(SerializableCallable<? extends R> fn) {
        return call(Wire.K_CALL, fn, null, taskTimeoutNanos, null, null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    <R> TaskFuture<R> call(byte kind, Object fn, Object arg, long timeout, Consumer<? super R> callback,
                           Consumer<? super Throwable> errorCallback) {
        TaskFuture<R> f = new TaskFuture<>(core, callback, errorCallback);
        Task t;
        try {
            t = core.call(kind, core.fn(fn), arg, timeout, f);
        } catch (EncodingException e) {
            f.fail(null, e);
            return f;
        }
        f.bind(t);
        core.submit(t);
        return f;
    }

    // ------------------------------------------------------------------ map

    static int defaultChunksize(int n, int workers) {
        if (n == 0) return 1;
        int c = n / (workers * 4);
        return n % (workers * 4) != 0 || c == 0 ? c + 1 : c;
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) throws InterruptedException {
        return await(mapAsync(fn, items, 0));
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize)
            throws InterruptedException {
        return await(mapAsync(fn, items, chunksize));
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return mapAsync(fn, items, 0);
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                                int chunksize) {
        return mapAsync(fn, items, chunksize, null, null);
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                                int chunksize, Consumer<? super List<R>> callback,
                                                Consumer<? super Throwable> errorCallback) {
        return mapJob(false, fn, items, chunksize, callback, errorCallback, null);
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                              MapOptions options) throws InterruptedException {
        return awaitMap(mapJob(false, fn, items, options.chunksize(), null, null, options));
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                                MapOptions options) {
        return mapJob(false, fn, items, options.chunksize(), null, null, options);
    }

    /** Waits for a map, then for its last progress report (so that a bar is complete when the caller goes on). */
    static <R> List<R> awaitMap(MapJob<R> job) throws InterruptedException {
        try {
            return await(job);
        } finally {
            ProgressTracker p = job.progress();
            if (p != null) p.finishAndWait();
        }
    }

    @SuppressWarnings("unchecked")
    <R> MapJob<R> mapJob(boolean star, Object fn, Iterable<?> items, int chunksize,
                         Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback, MapOptions o) {
        List<?> all;
        if (items instanceof List<?> l && l instanceof java.util.RandomAccess) all = l; // chunks are copied below
        else if (items instanceof Collection<?> c) all = new ArrayList<>(c);
        else {
            List<Object> copy = new ArrayList<>();
            for (Object x : items) copy.add(x);
            all = copy;
        }
        int n = all.size();
        int cs = chunksize > 0 ? chunksize : defaultChunksize(n, core.maxWorkers());
        int chunks = (n + cs - 1) / cs;
        MapJob<R> job = new MapJob<>(core, n, cs, chunks, callback, errorCallback);
        if (o != null) {
            job.progress(ProgressTracker.start(o, n));
            o.timeout().ifPresent(t -> job.deadline(Math.max(1, t.toNanos())));
        }
        if (n == 0) {
            job.finish();
            return job;
        }
        Task.Fn f;
        try {
            f = core.fn(fn);
        } catch (EncodingException e) {
            job.fail(null, e);
            return job;
        }
        List<Task> batch = new ArrayList<>();
        for (int ci = 0, at = 0; at < n; ci++, at += cs) {
            List<?> sub = all.subList(at, Math.min(n, at + cs));
            // threads run the chunk itself: a copy; processes encode it now and keep the view to name a failing input
            List<Object> chunk = star || core.isThreads() ? new ArrayList<>(sub) : java.util.Collections.unmodifiableList(sub);
            if (star) {
                for (int i = 0; i < chunk.size(); i++) {
                    if (chunk.get(i) instanceof Map.Entry<?, ?> e) chunk.set(i, new Object[] {e.getKey(), e.getValue()});
                }
            }
            Task t;
            try {
                t = core.chunk(star, f, chunk, ci, at, taskTimeoutNanos, job);
            } catch (EncodingException e) {
                core.checkAccepting(); // a closed pool rejects the task, encodable or not
                if (!batch.isEmpty()) core.submit(batch, false);
                job.fail(null, e);
                return job;
            }
            job.add(t);
            batch.add(t);
            if (batch.size() >= 4 || !core.isThreads()) {
                core.submit(batch, false);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) core.submit(batch, false);
        return job;
    }

    // ------------------------------------------------------------------ imap

    int lookahead(int chunksize) {
        return Math.max(4 * core.maxWorkers(), Math.min(1024, 65536 / Math.max(1, chunksize)));
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return imap(fn, items, 1);
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
        return lazy(fn, items, chunksize, true, 0);
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                         MapOptions options) {
        return lazy(fn, items, true, options);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn,
                                                  Iterable<? extends T> items, MapOptions options) {
        return lazy(fn, items, false, options);
    }

    <R> ResultIterator<R> lazy(Object fn, Iterable<?> items, boolean ordered, MapOptions o) {
        int cs = o.chunksize() > 0 ? o.chunksize() : 1;
        long deadline = o.timeout().map(t -> System.nanoTime() + Math.max(1, t.toNanos())).orElse(0L);
        return lazy(fn, items, cs, ordered, deadline, o);
    }

    /** The number of items of an input, or -1 if it cannot be known without reading it. */
    static long sizeOf(Iterable<?> items) {
        return items instanceof Collection<?> c ? c.size() : -1;
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return imapUnordered(fn, items, 1);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                                  int chunksize) {
        return lazy(fn, items, chunksize, false, 0);
    }

    <R> ResultIterator<R> lazy(Object fn, Iterable<?> items, int chunksize, boolean ordered, long deadline) {
        return lazy(fn, items, chunksize, ordered, deadline, null);
    }

    <R> ResultIterator<R> lazy(Object fn, Iterable<?> items, int chunksize, boolean ordered, long deadline, MapOptions o) {
        Task.Fn f;
        try {
            f = core.fn(fn);
        } catch (EncodingException e) {
            throw new CompletionException(e);
        }
        ImapJob<R> job = new ImapJob<R>(core, f, false, chunksize, ordered, deadline, taskTimeoutNanos, lookahead(chunksize));
        if (o != null) job.progress(ProgressTracker.start(o, sizeOf(items)));
        return job.start(items.iterator());
    }

    // ------------------------------------------------------------------ starmap

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> args) throws InterruptedException {
        return await(starmapAsync(fn, args));
    }

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> args, int chunksize)
            throws InterruptedException {
        return await(starmapAsync(fn, args, chunksize, null, null));
    }

    @Override
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                                       Iterable<? extends Map.Entry<? extends A, ? extends B>> args) {
        return starmapAsync(fn, args, 0, null, null);
    }

    @Override
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                                       Iterable<? extends Map.Entry<? extends A, ? extends B>> args,
                                                       int chunksize, Consumer<? super List<R>> callback,
                                                       Consumer<? super Throwable> errorCallback) {
        return mapJob(true, fn, args, chunksize, callback, errorCallback, null);
    }

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> args, MapOptions options)
            throws InterruptedException {
        return awaitMap(mapJob(true, fn, args, options.chunksize(), null, null, options));
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void shutdown() {
        core.shutdown();
    }

    @Override
    public void terminate() {
        core.terminate();
    }

    @Override
    public void join() throws InterruptedException {
        core.join(-1);
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        return core.join(timeout.toNanos());
    }

    @Override
    public void close() {
        core.terminate();
        if (core.onOwnThread()) return; // a callback cannot wait for the pool that waits for it
        try {
            core.join(60_000_000_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public PoolInsights insights() {
        return core.insights();
    }

    /** {@return the number of live workers right now (replacements included)} */
    public int workerCount() {
        return core.workerCount();
    }
}
