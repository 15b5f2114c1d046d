package org.multiprocessing4j.pool;

import java.util.concurrent.RejectedExecutionException;

/**
 * The pool can no longer run tasks — Python's {@code concurrent.futures.process.BrokenProcessPool}. Raised when a
 * worker's initializer fails, or when a worker cannot start (ends before it is ready). Every outstanding task fails
 * with it, and every later submission throws it (it is a {@link RejectedExecutionException}, as the
 * {@link java.util.concurrent.ExecutorService} contract asks for rejected tasks).
 */
public class BrokenProcessPoolException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message and cause.
     *
     * @param message what broke the pool
     * @param cause the failure that broke it (the initializer's exception, the worker start failure), or null
     */
    public BrokenProcessPoolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@return a fresh instance with the same message and cause, for another thrower} */
    public BrokenProcessPoolException copy() {
        return new BrokenProcessPoolException(getMessage(), getCause());
    }
}
