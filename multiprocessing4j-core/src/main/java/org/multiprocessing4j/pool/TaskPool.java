package org.multiprocessing4j.pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.multiprocessing4j.function.SerializableBiFunction;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.function.SerializableFunction;

/**
 * Python's {@code multiprocessing.pool.Pool} API, shared by {@link Pool} (worker JVMs) and {@link ThreadPool}
 * (threads, Python's {@code ThreadPool}): code moves between processes and threads by changing the constructor.
 *
 * <p><b>Python → Java.</b> {@code apply(f, (x,))} → {@link #apply(SerializableFunction, Object)};
 * {@code apply_async} → {@link #applyAsync}; {@code map}/{@code map_async}/{@code imap}/{@code imap_unordered}/
 * {@code starmap}/{@code starmap_async} → same names in camelCase; {@code close()} → {@link #shutdown()} (no new
 * tasks, workers end when the queued ones are done); {@code terminate()} → {@link #terminate()};
 * {@code join()} → {@link #join()}; {@code with Pool() as p:} → try-with-resources, whose {@link #close()} is
 * Python's {@code __exit__}: it terminates (outstanding tasks are cancelled) and then joins. Call
 * {@code shutdown(); join();} first for a graceful end.
 *
 * <p><b>Chunking.</b> {@code map} and {@code starmap} cut the input into chunks of {@code chunksize} items, one task
 * each; the default is CPython's, {@code ceil(n / (4 * processes))}. {@code imap}/{@code imapUnordered} default to 1.
 * Results are placed by chunk index, so they come back in input order whatever the completion order.
 *
 * <p><b>Failures.</b> Synchronous methods ({@code apply}, {@code map}, {@code starmap}) throw a task's exception
 * as it is when unchecked, with the remote stack trace attached as a {@link RemoteTraceback} cause naming the
 * failing item (index and input); checked exceptions come wrapped in
 * {@link java.util.concurrent.CompletionException}. An argument that cannot be encoded fails in the caller. A
 * worker that dies fails only the tasks it had started ({@link WorkerDiedException}); see {@link AsyncResult}.
 *
 * <p><b>Timeouts.</b> {@code get(timeout)} only stops waiting. A task timeout (builder
 * {@code taskTimeout}, or {@link #applyAsync(SerializableFunction, Object, Duration)}) kills the worker of a task
 * (per item for maps) that runs longer, fails the task with {@link TaskTimeoutException} and replaces the worker (the
 * thread twin interrupts and abandons the thread instead).
 *
 * <p><b>Interruption.</b> A synchronous method interrupted while waiting cancels what it submitted and throws
 * {@link InterruptedException}.
 *
 * <p><b>Threads.</b> All methods are thread-safe.
 *
 * <p>Memory consistency effects: actions in a thread prior to submitting a task happen-before the task runs (for
 * what the task and its argument carry), and the task's actions happen-before its result is returned or its
 * future completes.
 */
public interface TaskPool extends AutoCloseable {
    /** The number of workers. */
    int processes();

    /** Runs {@code fn.apply(arg)} in a worker and waits for the result. */
    <A, R> R apply(SerializableFunction<? super A, ? extends R> fn, A arg) throws InterruptedException;

    /** Runs {@code fn.call()} in a worker and waits for the result. */
    <R> R apply(SerializableCallable<? extends R> fn) throws InterruptedException;

    <A, R> AsyncResult<R> applyAsync(SerializableFunction<? super A, ? extends R> fn, A arg);

    /** With a task timeout for this call (overriding the pool's). */
    <A, R> AsyncResult<R> applyAsync(SerializableFunction<? super A, ? extends R> fn, A arg, Duration timeout);

    /**
     * With Python's callbacks: {@code callback} gets the result, {@code errorCallback} the exception; either runs
     * before the result is ready, on the pool's result thread.
     */
    <A, R> AsyncResult<R> applyAsync(SerializableFunction<? super A, ? extends R> fn, A arg,
                                     Consumer<? super R> callback, Consumer<? super Throwable> errorCallback);

    <R> AsyncResult<R> applyAsync(SerializableCallable<? extends R> fn);

    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) throws InterruptedException;

    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize)
            throws InterruptedException;

    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /** {@code chunksize <= 0} means the default. */
    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                         int chunksize);

    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                         int chunksize, Consumer<? super List<R>> callback,
                                         Consumer<? super Throwable> errorCallback);

    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize);

    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                           int chunksize);

    /** Python's {@code starmap} for two-argument functions: each entry's key and value are the arguments. */
    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> args) throws InterruptedException;

    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> args, int chunksize)
            throws InterruptedException;

    <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                                Iterable<? extends Map.Entry<? extends A, ? extends B>> args);

    <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                                Iterable<? extends Map.Entry<? extends A, ? extends B>> args, int chunksize,
                                                Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback);

    /** Python's {@code close()}: accepts no new tasks; the workers end once the submitted ones are done. */
    void shutdown();

    /**
     * Python's {@code terminate()}: outstanding tasks are cancelled (their futures complete with
     * {@link java.util.concurrent.CancellationException}), busy workers are killed, idle ones stopped. Never hangs:
     * stop → SIGTERM → SIGKILL within a few seconds.
     */
    void terminate();

    /**
     * Waits for the workers to end, after {@link #shutdown()} or {@link #terminate()}.
     *
     * @throws IllegalStateException if the pool is still running
     */
    void join() throws InterruptedException;

    /** As {@link #join()}, waiting at most {@code timeout}; true if the workers have ended. */
    boolean join(Duration timeout) throws InterruptedException;

    /** Python's {@code with} exit: {@link #terminate()}, then {@link #join()}. */
    @Override
    void close();
}
