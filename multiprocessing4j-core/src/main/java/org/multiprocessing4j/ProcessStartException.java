package org.multiprocessing4j;

import java.io.Serial;

/**
 * A child JVM could not be started: its class path cannot be rebuilt, the {@code java} binary is missing, or the
 * operating system refused. Thrown by {@link JvmProcess#start()} before any process exists; the message says what
 * to do.
 */
public class ProcessStartException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what failed and what to do
     */
    public ProcessStartException(String message) {
        super(message);
    }

    /**
     * An exception with a message and a cause.
     *
     * @param message what failed and what to do
     * @param cause the underlying failure
     */
    public ProcessStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
