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

    public BrokenProcessPoolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A fresh instance with the same message and cause, for another thrower. */
    public BrokenProcessPoolException copy() {
        return new BrokenProcessPoolException(getMessage(), getCause());
    }
}
