package org.multiprocessing4j.pool;

import java.util.concurrent.TimeoutException;

/**
 * A task (or, in a map, one item) ran longer than its task timeout; its worker was killed and replaced. This is
 * the failure of the task (the cause of an {@link java.util.concurrent.ExecutionException}), unlike the
 * {@link TimeoutException} thrown by {@code get(timeout)}, which only stops waiting.
 */
public class TaskTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message which task or item timed out, and after how long
     */
    public TaskTimeoutException(String message) {
        super(message);
    }
}
