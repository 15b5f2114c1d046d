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
 * <p><b>Progress and insights.</b> The map methods have an overload taking {@link MapOptions}: chunk size, a deadline
 * for the whole map, and progress — a console bar or a {@link ProgressListener} that counts input items whatever the
 * chunk size. A pool built with {@code insights(true)} tells where its time went ({@link #insights()}). Pools also
 * record JFR events and log through {@code System.Logger} (logger {@code org.multiprocessing4j.pool}, quiet unless
 * configured).
 *
 * <p><b>Threads.</b> All methods are thread-safe.
 *
 * <p>Memory consistency effects: actions in a thread prior to submitting a task happen-before the task runs (for
 * what the task and its argument carry), and the task's actions happen-before its result is returned or its
 * future completes.
 */
public interface TaskPool extends AutoCloseable {
    /** {@return the number of workers the pool keeps (its {@code processes} setting)} */
    int processes();

    /**
     * Runs {@code fn.apply(arg)} in a worker and waits for the result.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param arg the argument
     * @return the result
     * @throws InterruptedException if interrupted while waiting; what was submitted is cancelled (a running task's
     *         worker is killed)
     * @throws RuntimeException the task's unchecked exception as it is, with the remote trace as a
     *         {@link RemoteTraceback} cause; {@link WorkerDiedException} if its worker died; or
     *         {@link java.util.concurrent.CancellationException} if the pool was terminated meanwhile
     * @throws java.util.concurrent.CompletionException wrapping a checked exception of the task, a
     *         {@link TaskTimeoutException}, or the {@link org.multiprocessing4j.codec.EncodingException} of an
     *         argument that cannot be encoded
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <A, R> R apply(SerializableFunction<? super A, ? extends R> fn, A arg) throws InterruptedException;

    /**
     * Runs {@code fn.call()} in a worker and waits for the result.
     *
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @return the result
     * @throws InterruptedException if interrupted while waiting; what was submitted is cancelled (a running task's
     *         worker is killed)
     * @throws RuntimeException the task's unchecked exception as it is, with the remote trace as a
     *         {@link RemoteTraceback} cause; {@link WorkerDiedException} if its worker died; or
     *         {@link java.util.concurrent.CancellationException} if the pool was terminated meanwhile
     * @throws java.util.concurrent.CompletionException wrapping a checked exception of the task, a
     *         {@link TaskTimeoutException}, or the {@link org.multiprocessing4j.codec.EncodingException} of an
     *         argument that cannot be encoded
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <R> R apply(SerializableCallable<? extends R> fn) throws InterruptedException;

    /**
     * Submits {@code fn.apply(arg)} to run in a worker, with the pool's task timeout; never waits. Python's
     * {@code apply_async}. An argument that cannot be encoded fails the returned future.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param arg the argument
     * @return the future result; it fails with what the synchronous form would throw (see {@link AsyncResult})
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <A, R> AsyncResult<R> applyAsync(SerializableFunction<? super A, ? extends R> fn, A arg);

    /**
     * As {@link #applyAsync(SerializableFunction, Object)}, with a task timeout for this call (overriding the
     * pool's): if the task runs longer, its worker is killed and replaced and the future fails with
     * {@link TaskTimeoutException}.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param arg the argument
     * @param timeout the task timeout, or null for none
     * @return the future result; it fails with what the synchronous form would throw (see {@link AsyncResult})
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <A, R> AsyncResult<R> applyAsync(SerializableFunction<? super A, ? extends R> fn, A arg, Duration timeout);

    /**
     * As {@link #applyAsync(SerializableFunction, Object)}, with Python's callbacks: {@code callback} gets the result,
     * {@code errorCallback} the exception; either runs before the result is ready, on the pool's result thread (an
     * exception it throws is printed and ignored).
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param arg the argument
     * @param callback gets the result, or null
     * @param errorCallback gets the exception, or null
     * @return the future result; it fails with what the synchronous form would throw (see {@link AsyncResult})
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <A, R> AsyncResult<R> applyAsync(SerializableFunction<? super A, ? extends R> fn, A arg,
                                     Consumer<? super R> callback, Consumer<? super Throwable> errorCallback);

    /**
     * Submits {@code fn.call()} to run in a worker, with the pool's task timeout; never waits.
     *
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @return the future result; it fails with what the synchronous form would throw (see {@link AsyncResult})
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <R> AsyncResult<R> applyAsync(SerializableCallable<? extends R> fn);

    /**
     * Applies {@code fn} to every item in the workers, in chunks of the default size, and waits for all the
     * results. Python's {@code map}. The input is read to the end first.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input
     * @return the results, in input order
     * @throws InterruptedException if interrupted while waiting; what was submitted is cancelled (a running task's
     *         worker is killed)
     * @throws RuntimeException the first failing item's unchecked exception as it is, with a {@link RemoteTraceback}
     *         cause naming the item; {@link WorkerDiedException} if its worker died; or
     *         {@link java.util.concurrent.CancellationException} if the pool was terminated meanwhile
     * @throws java.util.concurrent.CompletionException wrapping a checked exception of an item, a
     *         {@link TaskTimeoutException}, or the {@link org.multiprocessing4j.codec.EncodingException} of an
     *         item that cannot be encoded
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) throws InterruptedException;

    /**
     * Applies {@code fn} to every item in the workers, {@code chunksize} items per task, and waits for all the
     * results.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input
     * @param chunksize items per task; zero or negative means the default
     * @return the results, in input order
     * @throws InterruptedException if interrupted while waiting; what was submitted is cancelled (a running task's
     *         worker is killed)
     * @throws RuntimeException the first failing item's unchecked exception as it is, with a {@link RemoteTraceback}
     *         cause naming the item; {@link WorkerDiedException} if its worker died; or
     *         {@link java.util.concurrent.CancellationException} if the pool was terminated meanwhile
     * @throws java.util.concurrent.CompletionException wrapping a checked exception of an item, a
     *         {@link TaskTimeoutException}, or the {@link org.multiprocessing4j.codec.EncodingException} of an
     *         item that cannot be encoded
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize)
            throws InterruptedException;

    /**
     * {@link #map(SerializableFunction, Iterable, int) map} with {@link MapOptions}: chunk size, a deadline for the
     * whole map, and progress reporting — a console bar or a {@link ProgressListener} that counts items, whatever the
     * chunk size. The last progress report has been made when this method returns.
     *
     * <pre>{@code
     * List<String> sums = pool.map(Digests::sha256, files, MapOptions.defaults().withProgressBar("hashing"));
     * }</pre>
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input
     * @param options chunk size, deadline and progress
     * @return the results, in input order
     * @throws InterruptedException if interrupted while waiting; what was submitted is cancelled (a running task's
     *         worker is killed)
     * @throws RuntimeException the first failing item's unchecked exception as it is, with a {@link RemoteTraceback}
     *         cause naming the item; {@link WorkerDiedException} if its worker died; or
     *         {@link java.util.concurrent.CancellationException} if the pool was terminated meanwhile
     * @throws java.util.concurrent.CompletionException wrapping a checked exception of an item, a
     *         {@link TaskTimeoutException}, the {@link java.util.concurrent.TimeoutException} of the map's deadline,
     *         or the {@link org.multiprocessing4j.codec.EncodingException} of an item that cannot be encoded
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws NullPointerException if {@code options} is null
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, MapOptions options)
            throws InterruptedException;

    /**
     * {@link #mapAsync(SerializableFunction, Iterable, int) mapAsync} with {@link MapOptions}: chunk size, a deadline
     * for the whole map (the future then fails with {@link java.util.concurrent.TimeoutException}), and progress
     * reporting. The last progress report may come after the future completes.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input, read to the end now
     * @param options chunk size, deadline and progress
     * @return the future list of results, in input order; it fails with the first failing item's exception
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws NullPointerException if {@code options} is null
     */
    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                         MapOptions options);

    /**
     * Submits {@code fn} applied to every item, in chunks of the default size; never waits for the results.
     * Python's {@code map_async}. An item that cannot be encoded fails the returned future.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input, read to the end now
     * @return the future list of results, in input order; it fails with the first failing item's exception
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /**
     * As {@link #mapAsync(SerializableFunction, Iterable)}, {@code chunksize} items per task.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input, read to the end now
     * @param chunksize items per task; zero or negative means the default
     * @return the future list of results, in input order; it fails with the first failing item's exception
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                         int chunksize);

    /**
     * As {@link #mapAsync(SerializableFunction, Iterable, int)}, with Python's callbacks: {@code callback} gets the
     * list of results, {@code errorCallback} the exception; either runs before the result is ready, on the pool's
     * result thread.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input, read to the end now
     * @param chunksize items per task; zero or negative means the default
     * @param callback gets the results, or null
     * @param errorCallback gets the exception, or null
     * @return the future list of results, in input order; it fails with the first failing item's exception
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                         int chunksize, Consumer<? super List<R>> callback,
                                         Consumer<? super Throwable> errorCallback);

    /**
     * Applies {@code fn} to every item in the workers, one item per task, returning the results lazily in input
     * order. Python's {@code imap}. See {@link ResultIterator} for failures; close it when you stop early.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input, read lazily on another thread
     * @return the results, in input order, as they become available
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws java.util.concurrent.CompletionException wrapping the
     *         {@link org.multiprocessing4j.codec.EncodingException} of a function that cannot be encoded
     */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /**
     * As {@link #imap(SerializableFunction, Iterable)}, {@code chunksize} items per task.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input, read lazily on another thread
     * @param chunksize items per task
     * @return the results, in input order, as they become available
     * @throws IllegalArgumentException if {@code chunksize} is less than 1
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws java.util.concurrent.CompletionException wrapping the
     *         {@link org.multiprocessing4j.codec.EncodingException} of a function that cannot be encoded
     */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize);

    /**
     * {@link #imap(SerializableFunction, Iterable, int) imap} with {@link MapOptions}: chunk size (default 1), a
     * deadline for the whole map counted from this call, and progress reporting — counted as chunks complete, not as
     * they are consumed. The last progress report has been made when the iterator reports its end.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input, read lazily on another thread
     * @param options chunk size, deadline and progress ({@link MapOptions#withTotal(long)} gives the bar a length
     *        when {@code items} is not a {@code Collection})
     * @return the results, in input order, as they become available
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws java.util.concurrent.CompletionException wrapping the
     *         {@link org.multiprocessing4j.codec.EncodingException} of a function that cannot be encoded
     * @throws NullPointerException if {@code options} is null
     */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                  MapOptions options);

    /**
     * Applies {@code fn} to every item in the workers, one item per task, returning the results lazily in
     * completion order. Python's {@code imap_unordered}. See {@link ResultIterator} for failures; close it when you
     * stop early.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input, read lazily on another thread
     * @return the results, in completion order
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws java.util.concurrent.CompletionException wrapping the
     *         {@link org.multiprocessing4j.codec.EncodingException} of a function that cannot be encoded
     */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /**
     * As {@link #imapUnordered(SerializableFunction, Iterable)}, {@code chunksize} items per task (the results of
     * a chunk come together).
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input, read lazily on another thread
     * @param chunksize items per task
     * @return the results, in completion order
     * @throws IllegalArgumentException if {@code chunksize} is less than 1
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws java.util.concurrent.CompletionException wrapping the
     *         {@link org.multiprocessing4j.codec.EncodingException} of a function that cannot be encoded
     */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                           int chunksize);

    /**
     * {@link #imapUnordered(SerializableFunction, Iterable, int) imapUnordered} with {@link MapOptions}: chunk size
     * (default 1), a deadline for the whole map counted from this call, and progress reporting. The last progress
     * report has been made when the iterator reports its end.
     *
     * <pre>{@code
     * try (ResultIterator<Hashed> it = pool.imapUnordered(Digest::hash, paths,
     *         MapOptions.defaults().withProgressBar("hashing"))) {
     *     it.forEachRemaining(h -> digests.put(h.path(), h.sha256()));
     * }
     * }</pre>
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param items the input, read lazily on another thread
     * @param options chunk size, deadline and progress ({@link MapOptions#withTotal(long)} gives the bar a length
     *        when {@code items} is not a {@code Collection})
     * @return the results, in completion order
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws java.util.concurrent.CompletionException wrapping the
     *         {@link org.multiprocessing4j.codec.EncodingException} of a function that cannot be encoded
     * @throws NullPointerException if {@code options} is null
     */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                           MapOptions options);

    /**
     * Python's {@code starmap} for two-argument functions: applies {@code fn} to each entry's key and value in the
     * workers, in chunks of the default size, and waits for all the results.
     *
     * @param <A> the type of the first argument
     * @param <B> the type of the second argument
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param args the argument pairs, read to the end first
     * @return the results, in input order
     * @throws InterruptedException if interrupted while waiting; what was submitted is cancelled (a running task's
     *         worker is killed)
     * @throws RuntimeException the first failing item's unchecked exception as it is, with a {@link RemoteTraceback}
     *         cause naming the item; {@link WorkerDiedException} if its worker died; or
     *         {@link java.util.concurrent.CancellationException} if the pool was terminated meanwhile
     * @throws java.util.concurrent.CompletionException wrapping a checked exception of an item, a
     *         {@link TaskTimeoutException}, or the {@link org.multiprocessing4j.codec.EncodingException} of an
     *         item that cannot be encoded
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> args) throws InterruptedException;

    /**
     * As {@link #starmap(SerializableBiFunction, Iterable)}, {@code chunksize} pairs per task.
     *
     * @param <A> the type of the first argument
     * @param <B> the type of the second argument
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param args the argument pairs, read to the end first
     * @param chunksize pairs per task; zero or negative means the default
     * @return the results, in input order
     * @throws InterruptedException if interrupted while waiting; what was submitted is cancelled (a running task's
     *         worker is killed)
     * @throws RuntimeException the first failing item's unchecked exception as it is, with a {@link RemoteTraceback}
     *         cause naming the item; {@link WorkerDiedException} if its worker died; or
     *         {@link java.util.concurrent.CancellationException} if the pool was terminated meanwhile
     * @throws java.util.concurrent.CompletionException wrapping a checked exception of an item, a
     *         {@link TaskTimeoutException}, or the {@link org.multiprocessing4j.codec.EncodingException} of an
     *         item that cannot be encoded
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> args, int chunksize)
            throws InterruptedException;

    /**
     * {@link #starmap(SerializableBiFunction, Iterable, int) starmap} with {@link MapOptions}: chunk size, a deadline
     * for the whole map, and progress reporting counted in pairs. The last progress report has been made when this
     * method returns.
     *
     * @param <A> the type of the first argument
     * @param <B> the type of the second argument
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param args the argument pairs, read to the end first
     * @param options chunk size, deadline and progress
     * @return the results, in input order
     * @throws InterruptedException if interrupted while waiting; what was submitted is cancelled (a running task's
     *         worker is killed)
     * @throws RuntimeException the first failing item's unchecked exception as it is, with a {@link RemoteTraceback}
     *         cause naming the item; {@link WorkerDiedException} if its worker died; or
     *         {@link java.util.concurrent.CancellationException} if the pool was terminated meanwhile
     * @throws java.util.concurrent.CompletionException wrapping a checked exception of an item, a
     *         {@link TaskTimeoutException}, the {@link java.util.concurrent.TimeoutException} of the map's deadline,
     *         or the {@link org.multiprocessing4j.codec.EncodingException} of an item that cannot be encoded
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     * @throws NullPointerException if {@code options} is null
     */
    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> args, MapOptions options)
            throws InterruptedException;

    /**
     * Submits {@code fn} applied to each entry's key and value, in chunks of the default size; never waits for the
     * results. Python's {@code starmap_async}.
     *
     * @param <A> the type of the first argument
     * @param <B> the type of the second argument
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param args the argument pairs, read to the end first
     * @return the future list of results, in input order; it fails with the first failing item's exception
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                                Iterable<? extends Map.Entry<? extends A, ? extends B>> args);

    /**
     * As {@link #starmapAsync(SerializableBiFunction, Iterable)}, {@code chunksize} pairs per task, with Python's
     * callbacks: {@code callback} gets the list of results, {@code errorCallback} the exception; either runs before
     * the result is ready, on the pool's result thread.
     *
     * @param <A> the type of the first argument
     * @param <B> the type of the second argument
     * @param <R> the result type
     * @param fn the function; with {@link Pool}, encoded and sent to the worker
     * @param args the argument pairs, read to the end first
     * @param chunksize pairs per task; zero or negative means the default
     * @param callback gets the results, or null
     * @param errorCallback gets the exception, or null
     * @return the future list of results, in input order; it fails with the first failing item's exception
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down or terminated, or is broken
     *         ({@link BrokenProcessPoolException})
     */
    <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                                Iterable<? extends Map.Entry<? extends A, ? extends B>> args, int chunksize,
                                                Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback);

    /**
     * A snapshot of where the pool's time went: per worker the time spent starting, waiting, working and sending
     * results, and the slowest tasks with a short form of their input. Print it with {@link PoolInsights#report()}.
     *
     * @return the insights so far
     * @throws IllegalStateException if the pool was built without {@code insights(true)}
     */
    PoolInsights insights();

    /** Python's {@code close()}: accepts no new tasks; the workers end once the submitted ones are done. */
    void shutdown();

    /**
     * Python's {@code terminate()}: outstanding tasks are cancelled (their futures complete with
     * {@link java.util.concurrent.CancellationException}), busy workers are killed, idle ones stopped. Never hangs:
     * stop → SIGTERM → SIGKILL within a few seconds.
     */
    void terminate();

    /**
     * Waits for the workers to end, after {@link #shutdown()} or {@link #terminate()}. A callback, or a dependent of
     * a future, may join the pool when it runs on a thread of the caller's (one that called {@link #terminate()},
     * say); on one of the pool's own threads (results and failures are delivered there, and a thread pool's tasks
     * run there) a join would wait for itself, where CPython hangs, and throws instead.
     *
     * @throws IllegalStateException if the pool is still running, or when called from one of the pool's own threads
     * @throws InterruptedException if interrupted while waiting; the pool is unaffected
     */
    void join() throws InterruptedException;

    /**
     * As {@link #join()}, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return true if the workers have ended, false if the timeout passed first
     * @throws IllegalStateException if the pool is still running, or when called from one of the pool's own threads
     * @throws InterruptedException if interrupted while waiting; the pool is unaffected
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * Python's {@code with} exit: {@link #terminate()}, then {@link #join()} (at most a minute). If interrupted while
     * joining, returns with the interrupt status set. On one of the pool's own threads (see {@link #join()}) it
     * terminates and returns without waiting.
     */
    @Override
    void close();
}
