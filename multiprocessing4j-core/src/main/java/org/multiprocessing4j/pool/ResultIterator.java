package org.multiprocessing4j.pool;

import java.util.Iterator;

/**
 * The lazy results of {@code imap}, {@code imapUnordered} and the executors' {@code map}: the input is read and sent
 * to the workers a bounded number of chunks ahead of the consumer (so huge or endless inputs take bounded memory),
 * and results arrive as they complete.
 *
 * <p><b>Failures.</b> {@link #next()} throws a task's exception at the position of the failing item: unchecked
 * exceptions as they are (with the remote trace as cause), checked ones wrapped in a
 * {@link java.util.concurrent.CompletionException}; a deadline (executor {@code map} timeout) that passes throws
 * {@code CompletionException} caused by {@link java.util.concurrent.TimeoutException}. After a failure the iteration
 * is over and the remaining tasks are cancelled. An interrupted wait throws {@code CompletionException} caused by
 * {@link InterruptedException}, with the interrupt status restored.
 *
 * <p>{@link #close()} stops reading the input and cancels the tasks not started yet; use it (try-with-resources)
 * when you stop iterating early.
 *
 * <p>Memory consistency effects: actions in a worker before it returned an item's result happen-before the
 * {@code next()} that returns it.
 *
 * @param <R> the type of the results
 */
public interface ResultIterator<R> extends Iterator<R>, AutoCloseable {
    /** Stops reading the input and cancels the tasks not started yet; idempotent. */
    @Override
    void close();
}
