/**
 * Pools of workers — Python's {@code multiprocessing.Pool} and {@code concurrent.futures} executors, on worker JVMs
 * and, with the same API, on threads.
 *
 * <table class="striped">
 * <caption>Python → Java</caption>
 * <thead><tr><th>Python</th><th>Java</th></tr></thead>
 * <tbody>
 * <tr><td>{@code multiprocessing.Pool(n, initializer, initargs, maxtasksperchild)}</td>
 *     <td>{@link org.multiprocessing4j.pool.Pool} ({@code new Pool(n)}, {@code Pool.builder()...build()})</td></tr>
 * <tr><td>{@code multiprocessing.pool.ThreadPool}, {@code multiprocessing.dummy.Pool}</td>
 *     <td>{@link org.multiprocessing4j.pool.ThreadPool}; both implement {@link org.multiprocessing4j.pool.TaskPool}</td></tr>
 * <tr><td>{@code apply}, {@code apply_async}, {@code map}, {@code map_async}, {@code imap}, {@code imap_unordered},
 *     {@code starmap}, {@code starmap_async}</td><td>same names in camelCase</td></tr>
 * <tr><td>{@code pool.close()}</td><td>{@link org.multiprocessing4j.pool.TaskPool#shutdown()}</td></tr>
 * <tr><td>{@code pool.terminate()}, {@code pool.join()}</td><td>{@code terminate()}, {@code join()}</td></tr>
 * <tr><td>{@code with Pool() as p:}</td><td>try-with-resources: {@code close()} terminates, then joins</td></tr>
 * <tr><td>{@code AsyncResult}</td><td>{@link org.multiprocessing4j.pool.AsyncResult}, a {@code CompletableFuture}</td></tr>
 * <tr><td>{@code concurrent.futures.ProcessPoolExecutor}</td>
 *     <td>{@link org.multiprocessing4j.pool.ProcessPoolExecutor}, an {@code ExecutorService}</td></tr>
 * <tr><td>{@code concurrent.futures.ThreadPoolExecutor}</td>
 *     <td>{@link org.multiprocessing4j.pool.ThreadExecutor}; both implement {@link org.multiprocessing4j.pool.PoolExecutor}</td></tr>
 * <tr><td>{@code executor.map(fn, xs, timeout=, chunksize=)}</td>
 *     <td>{@link org.multiprocessing4j.pool.PoolExecutor#map(org.multiprocessing4j.function.SerializableFunction, Iterable, java.time.Duration, int)}</td></tr>
 * <tr><td>{@code shutdown(wait, cancel_futures)}</td><td>{@link org.multiprocessing4j.pool.PoolExecutor#shutdown(boolean, boolean)}</td></tr>
 * <tr><td>{@code BrokenProcessPool}</td><td>{@link org.multiprocessing4j.pool.BrokenProcessPoolException}</td></tr>
 * <tr><td>{@code MaybeEncodingError}</td><td>{@link org.multiprocessing4j.pool.MaybeEncodingException}</td></tr>
 * <tr><td>{@code RemoteTraceback}</td><td>{@link org.multiprocessing4j.pool.RemoteTraceback}, the cause of a task's exception</td></tr>
 * </tbody>
 * </table>
 *
 * <p><b>Beyond Python.</b> A worker that dies fails only the task it was running
 * ({@link org.multiprocessing4j.pool.WorkerDiedException}: exit code or signal, stderr tail, hs_err file) and is
 * replaced; a task timeout or {@code cancel(true)} kills a running task's worker; nothing hangs. Functions are sent to
 * a worker once (stateless ones once per pool, others once per map); many small tasks travel in one frame; chunks of
 * numbers travel as primitive arrays; idle workers of a closed pool are reused by the next one.
 *
 * <p>Memory consistency effects: actions in a thread prior to submitting a task happen-before the task runs (for
 * what the task and its argument carry), and the task's actions happen-before its result is returned or its future
 * completes.
 */
package org.multiprocessing4j.pool;
