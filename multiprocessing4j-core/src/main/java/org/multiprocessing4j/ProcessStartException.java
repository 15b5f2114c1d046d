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

    public ProcessStartException(String message) {
        super(message);
    }

    public ProcessStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
