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

    /** Runs {@code fn.apply(arg)} — Python's {@code submit(fn, arg)}. */
    <A, R> CompletableFuture<R> submit(SerializableFunction<? super A, ? extends R> fn, A arg);

    /** Like {@link #submit(SerializableFunction, Object)} with a task timeout for this call. */
    <A, R> CompletableFuture<R> submit(SerializableFunction<? super A, ? extends R> fn, A arg, Duration timeout);

    /** {@code map(fn, items)} with no timeout and chunks of one item. */
    <T, R> ResultIterator<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /**
     * Python's {@code Executor.map}: results in input order, lazily; the input is read a bounded number of chunks
     * ahead. {@code timeout} (null for none) counts from this call: a result not ready by then makes
     * {@code next()} throw {@link java.util.concurrent.CompletionException} caused by
     * {@link java.util.concurrent.TimeoutException}, and the remaining tasks are cancelled.
     */
    <T, R> ResultIterator<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                 Duration timeout, int chunksize);

    /**
     * Python's {@code shutdown(wait, cancel_futures)}: no new tasks; with {@code cancelFutures} the tasks not yet
     * started are cancelled; with {@code wait} returns once every worker has ended.
     */
    void shutdown(boolean wait, boolean cancelFutures) throws InterruptedException;

    /** The maximum number of workers. */
    int maxWorkers();

    @Override
    <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException;
}
