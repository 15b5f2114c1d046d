package org.multiprocessing4j.pool;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.multiprocessing4j.function.SerializableFunction;

/**
 * Python's {@code concurrent.futures.Executor} as a JDK {@link ExecutorService}, shared by
 * {@link ProcessPoolExecutor} (worker JVMs) and {@link ThreadExecutor} (threads): change the constructor to move
 * code between processes and threads.
 *
 * <p><b>Python → Java.</b> {@code submit(fn, x)} → {@link #submit(SerializableFunction, Object)} or
 * {@link #submit(Callable)}, returning a {@link CompletableFuture}; {@code map(fn, xs, timeout=, chunksize=)} →
 * {@link #map(SerializableFunction, Iterable, Duration, int)}, a lazy ordered {@link ResultIterator} whose timeout
 * counts from the call; {@code shutdown(wait, cancel_futures)} → {@link #shutdown(boolean, boolean)};
 * {@code with ... as ex:} → try-with-resources ({@link #close()}: shutdown, then wait for the tasks);
 * {@code concurrent.futures.wait/as_completed} → {@link CompletableFuture#allOf}/{@link CompletableFuture#anyOf}
 * or {@link java.util.concurrent.ExecutorCompletionService}.
 *
 * <p><b>Failures and timeouts.</b> A future fails with the task's exception (type and message kept, remote trace as
 * cause), {@link WorkerDiedException} if its worker died (the executor replaces the worker; CPython would break the
 * pool), {@link TaskTimeoutException} after a task timeout (its worker is killed), {@link MaybeEncodingException},
 * or {@link BrokenProcessPoolException} when the initializer failed. A task that cannot be encoded fails its future
 * at once. {@code cancel(true)} on a running task kills its worker; pending tasks cancelled never run.
 *
 * <p><b>Interruption.</b> Blocking methods ({@code invokeAll}, {@code invokeAny}, {@code awaitTermination},
 * {@code shutdown(true, ...)}) throw {@link InterruptedException}; the tasks are unaffected except that
 * {@code invokeAll}/{@code invokeAny} cancel what they submitted.
 *
 * <p><b>Waiting from inside.</b> Dependents of the futures often run on the executor's own threads (those that
 * deliver results), and a thread executor's tasks run on its workers. There, {@code awaitTermination} and
 * {@code shutdown(true, ...)} throw {@link IllegalStateException} instead of waiting for themselves, and
 * {@link #close()} shuts down without waiting.
 *
 * <p><b>Progress and insights.</b> {@link #map(SerializableFunction, Iterable, MapOptions)} reports progress (a
 * console bar or a {@link ProgressListener}, counting items whatever the chunk size); an executor built with
 * {@code insights(true)} tells where its time went ({@link #insights()}).
 *
 * <p>Memory consistency effects: actions in a thread prior to submitting a task happen-before the task runs (for what
 * the task carries), and the task's actions happen-before its future completes.
 */
public interface PoolExecutor extends ExecutorService {
    @Override
    <T> CompletableFuture<T> submit(Callable<T> task);

    @Override
    CompletableFuture<?> submit(Runnable task);

    @Override
    <T> CompletableFuture<T> submit(Runnable task, T result);

    /**
     * Submits {@code fn.apply(arg)} to run in a worker, with the executor's task timeout — Python's
     * {@code submit(fn, arg)}. Never waits. An argument that cannot be encoded fails the returned future.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param fn the function; with {@link ProcessPoolExecutor}, encoded and sent to the worker
     * @param arg the argument
     * @return the future result
     * @throws java.util.concurrent.RejectedExecutionException if the executor was shut down, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <A, R> CompletableFuture<R> submit(SerializableFunction<? super A, ? extends R> fn, A arg);

    /**
     * Like {@link #submit(SerializableFunction, Object)} with a task timeout for this call (overriding the
     * executor's): if the task runs longer, its worker is killed and replaced and the future fails with
     * {@link TaskTimeoutException}.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param fn the function; with {@link ProcessPoolExecutor}, encoded and sent to the worker
     * @param arg the argument
     * @param timeout the task timeout, or null for none
     * @return the future result
     * @throws java.util.concurrent.RejectedExecutionException if the executor was shut down, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <A, R> CompletableFuture<R> submit(SerializableFunction<? super A, ? extends R> fn, A arg, Duration timeout);

    /**
     * Python's {@code map(fn, items)}: {@link #map(SerializableFunction, Iterable, Duration, int)} with no timeout and
     * chunks of one item.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link ProcessPoolExecutor}, encoded and sent to the worker
     * @param items the input, read lazily on another thread
     * @return the results, in input order, as they become available
     * @throws java.util.concurrent.RejectedExecutionException if the executor was shut down, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws java.util.concurrent.CompletionException wrapping the
     *         {@link org.multiprocessing4j.codec.EncodingException} of a function that cannot be encoded
     */
    <T, R> ResultIterator<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /**
     * Python's {@code Executor.map}: results in input order, lazily; the input is read a bounded number of chunks
     * ahead. {@code timeout} (null for none) counts from this call: a result not ready by then makes
     * {@code next()} throw {@link java.util.concurrent.CompletionException} caused by
     * {@link java.util.concurrent.TimeoutException}, and the remaining tasks are cancelled.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link ProcessPoolExecutor}, encoded and sent to the worker
     * @param items the input, read lazily on another thread
     * @param timeout how long the whole map may take, counted from this call, or null for no limit
     * @param chunksize items per task
     * @return the results, in input order, as they become available
     * @throws IllegalArgumentException if {@code chunksize} is less than 1
     * @throws java.util.concurrent.RejectedExecutionException if the executor was shut down, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws java.util.concurrent.CompletionException wrapping the
     *         {@link org.multiprocessing4j.codec.EncodingException} of a function that cannot be encoded
     */
    <T, R> ResultIterator<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                 Duration timeout, int chunksize);

    /**
     * Python's {@code Executor.map} with {@link MapOptions}: chunk size (default 1), a deadline for the whole map
     * counted from this call, and progress reporting — a console bar or a {@link ProgressListener} counting items,
     * whatever the chunk size. Otherwise as {@link #map(SerializableFunction, Iterable, Duration, int)}.
     *
     * <pre>{@code
     * try (ResultIterator<Long> sizes = executor.map(Files::size, paths, MapOptions.defaults().withProgressBar())) {
     *     sizes.forEachRemaining(total::add);
     * }
     * }</pre>
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link ProcessPoolExecutor}, encoded and sent to the worker
     * @param items the input, read lazily on another thread
     * @param options chunk size, deadline and progress
     * @return the results, in input order, as they become available
     * @throws java.util.concurrent.RejectedExecutionException if the executor was shut down, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws java.util.concurrent.CompletionException wrapping the
     *         {@link org.multiprocessing4j.codec.EncodingException} of a function that cannot be encoded
     * @throws NullPointerException if {@code options} is null
     */
    <T, R> ResultIterator<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                 MapOptions options);

    /**
     * Python's {@code shutdown(wait, cancel_futures)}: no new tasks; with {@code cancelFutures} the tasks not yet
     * started are cancelled; with {@code wait} returns once every worker has ended.
     *
     * @param wait whether to wait for the workers to end (after the submitted tasks are done)
     * @param cancelFutures whether to cancel the tasks not yet started (their futures complete with
     *        {@link java.util.concurrent.CancellationException})
     * @throws InterruptedException if interrupted while waiting; the executor is shut down all the same
     */
    void shutdown(boolean wait, boolean cancelFutures) throws InterruptedException;

    /**
     * A snapshot of where the executor's time went: per worker the time spent starting, waiting, working and sending
     * results, and the slowest tasks with a short form of their input. Print it with {@link PoolInsights#report()}.
     *
     * @return the insights so far
     * @throws IllegalStateException if the executor was built without {@code insights(true)}
     */
    PoolInsights insights();

    /** {@return the maximum number of workers} */
    int maxWorkers();

    @Override
    <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException;
}
