package org.multiprocessing4j.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.internal.pool.ImapJob;
import org.multiprocessing4j.internal.pool.PoolCore;
import org.multiprocessing4j.internal.pool.Task;
import org.multiprocessing4j.internal.pool.TaskFuture;
import org.multiprocessing4j.internal.pool.Wire;
import org.multiprocessing4j.internal.progress.ProgressTracker;

/** The {@link PoolExecutor} API over the shared dispatcher. */
abstract sealed class ExecutorBase implements PoolExecutor permits ProcessPoolExecutor, ThreadExecutor {
    final PoolCore core;
    final long taskTimeoutNanos;

    ExecutorBase(PoolCore core, Duration taskTimeout) {
        this.core = core;
        this.taskTimeoutNanos = taskTimeout == null ? 0 : taskTimeout.toNanos();
    }

    @Override
    public int maxWorkers() {
        return core.maxWorkers();
    }

    <R> TaskFuture<R> call(byte kind, Object fn, Object arg, long timeout) {
        TaskFuture<R> f = new TaskFuture<>(core, null, null);
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

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        return call(Wire.K_CALL, task, null, taskTimeoutNanos);
    }

    @Override
    public CompletableFuture<?> submit(Runnable task) {
        return call(Wire.K_RUN, task, null, taskTimeoutNanos);
    }

    @Override
    public <T> CompletableFuture<T> submit(Runnable task, T result) {
        return this.<Object>call(Wire.K_RUN, task, null, taskTimeoutNanos).thenApply(x -> result);
    }

    @Override
    public <A, R> CompletableFuture<R> submit(SerializableFunction<? super A, ? extends R> fn, A arg) {
        return call(Wire.K_FN, fn, arg, taskTimeoutNanos);
    }

    @Override
    public <A, R> CompletableFuture<R> submit(SerializableFunction<? super A, ? extends R> fn, A arg, Duration timeout) {
        return call(Wire.K_FN, fn, arg, timeout == null ? 0 : timeout.toNanos());
    }

    @Override
    public void execute(Runnable command) {
        submit(command);
    }

    @Override
    public <T, R> ResultIterator<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return map(fn, items, null, 1);
    }

    @Override
    public <T, R> ResultIterator<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                        Duration timeout, int chunksize) {
        return map(fn, items, timeout, chunksize, null);
    }

    @Override
    public <T, R> ResultIterator<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                        MapOptions options) {
        return map(fn, items, options.timeout().orElse(null), Math.max(1, options.chunksize()), options);
    }

    private <T, R> ResultIterator<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                         Duration timeout, int chunksize, MapOptions o) {
        long deadline = timeout == null ? 0 : System.nanoTime() + Math.max(1, timeout.toNanos());
        Task.Fn f;
        try {
            f = core.fn(fn);
        } catch (EncodingException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
        int lookahead = Math.max(4 * core.maxWorkers(), Math.min(1024, 65536 / Math.max(1, chunksize)));
        ImapJob<R> job = new ImapJob<>(core, f, false, chunksize, true, deadline, taskTimeoutNanos, lookahead);
        if (o != null) job.progress(ProgressTracker.start(o, PoolBase.sizeOf(items)));
        return job.start(items.iterator());
    }

    // ------------------------------------------------------------------ invoke

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<Future<T>> fs = new ArrayList<>(tasks.size());
        for (Callable<T> c : tasks) fs.add(submit(c));
        try {
            for (Future<T> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    // reported by the future
                }
            }
        } catch (InterruptedException e) {
            for (Future<T> f : fs) f.cancel(true);
            throw e;
        }
        return fs;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<Future<T>> fs = new ArrayList<>(tasks.size());
        for (Callable<T> c : tasks) fs.add(submit(c));
        try {
            for (Future<T> f : fs) {
                long left = deadline - System.nanoTime();
                try {
                    f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    // reported by the future
                } catch (TimeoutException e) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            for (Future<T> f : fs) f.cancel(true);
            throw e;
        }
        for (Future<T> f : fs) if (!f.isDone()) f.cancel(true);
        return fs;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, -1, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) throw new IllegalArgumentException("no tasks");
        long deadline = timeout < 0 ? Long.MAX_VALUE : System.nanoTime() + unit.toNanos(timeout);
        List<CompletableFuture<T>> fs = new ArrayList<>();
        CompletableFuture<T> first = new AsyncResult<>(); // its waits hand a result thread's work over, as any of ours
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        int n = tasks.size();
        for (Callable<T> c : tasks) {
            CompletableFuture<T> f = submit(c);
            fs.add(f);
            f.whenComplete((v, e) -> {
                if (e == null) first.complete(v);
                else if (failures.incrementAndGet() == n) first.completeExceptionally(e);
            });
        }
        try {
            if (timeout < 0) return first.get();
            return first.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) c = c.getCause();
            throw new ExecutionException(c);
        } finally {
            for (CompletableFuture<T> f : fs) f.cancel(true);
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void shutdown() {
        core.shutdown();
    }

    @Override
    public void shutdown(boolean wait, boolean cancelFutures) throws InterruptedException {
        core.shutdown();
        if (cancelFutures) core.cancelPending();
        if (wait) core.join(-1);
    }

    /**
     * As {@link java.util.concurrent.ExecutorService#close()}; on one of the executor's own threads (a dependent of its future, a task of
     * a thread executor) it shuts down and returns: waiting there would wait for itself.
     */
    @Override
    public void close() {
        if (core.onOwnThread()) {
            shutdown();
            return;
        }
        PoolExecutor.super.close();
    }

    /** Cancels the tasks not started, kills the workers running tasks; the list is empty (tasks are not Runnables here). */
    @Override
    public List<Runnable> shutdownNow() {
        core.terminate();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return core.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return core.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        if (!core.isShutdown()) {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            // as the JDK: only meaningful after shutdown; wait out the timeout otherwise
            while (!core.isShutdown()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(left, 10_000_000L));
                if (Thread.interrupted()) throw new InterruptedException();
            }
            return core.join(Math.max(0, deadline - System.nanoTime()));
        }
        return core.join(unit.toNanos(timeout));
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
