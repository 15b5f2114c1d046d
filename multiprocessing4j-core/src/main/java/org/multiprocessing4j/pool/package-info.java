/**
 * Pools of workers — Python's {@code multiprocessing.pool} and {@code concurrent.futures}: {@link
 * org.multiprocessing4j.pool.Pool} runs tasks in worker JVMs with Python's {@code apply}/{@code map}/{@code imap}
 * API ({@link org.multiprocessing4j.pool.TaskPool}), {@link org.multiprocessing4j.pool.ProcessPoolExecutor} is the
 * same as a JDK {@link java.util.concurrent.ExecutorService} ({@link org.multiprocessing4j.pool.PoolExecutor}), and
 * {@link org.multiprocessing4j.pool.ThreadPool} and {@link org.multiprocessing4j.pool.ThreadExecutor} are their
 * twins on threads. A worker that dies fails only the tasks it had started ({@link
 * org.multiprocessing4j.pool.WorkerDiedException}) and is replaced; a task timeout kills the worker of a task that
 * runs too long. Memory consistency: actions in a thread prior to submitting a task happen-before the task runs (for
 * what the task and its argument carry), and the task's actions happen-before its result is returned or its future
 * completes.
 */
package org.multiprocessing4j.pool;
