package org.multiprocessing4j.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.multiprocessing4j.internal.pool.Callbacks;

/**
 * The result of an asynchronous pool call — Python's {@code AsyncResult}, as a {@link CompletableFuture}.
 *
 * <p>Python → Java: {@code get()} → {@link #get()}; {@code get(timeout)} → {@link #get(Duration)} (throws
 * {@link TimeoutException}; the task goes on); {@code ready()} → {@link #ready()}; {@code successful()} →
 * {@link #successful()} ({@link IllegalStateException} if not ready, as Python's ValueError); {@code wait(timeout)}
 * → {@link #await(Duration)}.
 *
 * <p><b>Failures.</b> {@code get} throws {@link ExecutionException} whose cause is the task's own exception (type and
 * message kept, the remote stack trace attached as a {@link RemoteTraceback} cause), or
 * {@link WorkerDiedException}, {@link TaskTimeoutException}, {@link MaybeEncodingException},
 * {@link BrokenProcessPoolException}. {@link #cancel(boolean)} stops a task that has not started (it never runs);
 * {@code cancel(true)} on a running task kills its worker (the pool replaces it); {@code cancel(false)} lets it finish
 * and discards its result. Callbacks given to {@code applyAsync}/{@code mapAsync} run before the result becomes
 * ready, on the pool's result thread: keep them short. Each worker has its own result thread, so callbacks may run
 * at the same time (CPython runs them one after another): make what they share thread-safe. One that waits for
 * another result of the same pool does not
 * hang it (the waiting methods hand the result thread's work to a fresh thread), but joining the pool there throws
 * (see {@link TaskPool#join()}). Only the waits of an {@code AsyncResult} (and of its dependent stages, and the pools'
 * iterators) do that: a plain {@code CompletableFuture} built from ours, such as {@code CompletableFuture.allOf(..)},
 * waited for in such a callback can still wait for a result that its own thread would deliver; wait for the
 * {@code AsyncResult}s themselves there.
 *
 * <p><b>Interruption.</b> Waiting methods throw {@link InterruptedException}; the task is unaffected.
 *
 * <p>Memory consistency effects: actions in the worker before the task returned happen-before actions after a
 * successful {@code get} (for what the result carries), and actions in a callback happen-before {@code get} returns.
 *
 * @param <T> the type of the result
 */
public class AsyncResult<T> extends CompletableFuture<T> {
    /** An incomplete result; the pools create them, and {@link #newIncompleteFuture()} for dependent stages. */
    public AsyncResult() {}

    /**
     * Waits up to {@code timeout} for the result — Python's {@code get(timeout)}. The task goes on if time runs out.
     *
     * @param timeout how long to wait
     * @return the result
     * @throws InterruptedException if interrupted while waiting; the task is unaffected
     * @throws ExecutionException if the task failed; the cause is its exception
     * @throws TimeoutException if the result was not ready in time
     * @throws java.util.concurrent.CancellationException if the task was cancelled
     */
    public T get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits for the result, as {@link CompletableFuture#get()}. Called in a callback or dependent stage on a pool's
     * own result thread, it first hands that thread's work to a fresh thread, so that the result it waits for (maybe
     * of the same worker) can still arrive: CPython hangs there.
     *
     * @throws IllegalStateException when called inside this result's own callback, which runs before the result is
     *         set (a wait that would never end)
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (!isDone()) Callbacks.beforeWaiting(this);
        return super.get();
    }

    /**
     * As {@link CompletableFuture#get(long, TimeUnit)}, and {@link #get()} on a pool's own result thread. Inside
     * this result's own callback it throws {@link TimeoutException} at once, without waiting: the result is set
     * only after the callback returns.
     */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!isDone()) Callbacks.beforeTimedWaiting(this);
        return super.get(timeout, unit);
    }

    /** As {@link CompletableFuture#join()}, and {@link #get()} on a pool's own result thread. */
    @Override
    public T join() {
        if (!isDone()) Callbacks.beforeWaiting(this);
        return super.join();
    }

    /** {@return true once the task has completed (with a value, an exception, or cancelled)} Python's {@code ready()}. */
    public boolean ready() {
        return isDone();
    }

    /**
     * Tells whether the task completed without exception — Python's {@code successful()}.
     *
     * @return true if the task completed with a value, false if it failed or was cancelled
     * @throws IllegalStateException if it is not ready yet
     */
    public boolean successful() {
        if (!isDone()) throw new IllegalStateException("the result is not ready");
        return !isCompletedExceptionally();
    }

    /**
     * Waits up to {@code timeout} for the task to complete, successfully or not — Python's {@code wait}.
     *
     * @param timeout how long to wait
     * @return {@link #ready()}: true if the task has completed
     * @throws InterruptedException if interrupted while waiting; the task is unaffected
     */
    public boolean await(Duration timeout) throws InterruptedException {
        try {
            get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | java.util.concurrent.CancellationException | TimeoutException e) {
            // only readiness matters here
        }
        return isDone();
    }

    /**
     * {@return a new incomplete {@code AsyncResult}}, so that dependent stages ({@code thenApply}, ...) are
     * {@code AsyncResult}s too.
     *
     * @param <U> the type of the stage's result
     */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new AsyncResult<>();
    }
}
