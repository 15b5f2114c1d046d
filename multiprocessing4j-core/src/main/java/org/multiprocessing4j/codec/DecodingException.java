package org.multiprocessing4j.codec;

import java.io.IOException;

/**
 * Bytes from another process could not be turned back into a value: malformed input, a class missing from this
 * process's class path, or a class rejected by the deserialization filter. Python's {@code UnpicklingError}.
 */
public class DecodingException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message and a cause.
     *
     * @param message what failed, naming the class concerned where known
     * @param cause the underlying failure, or null
     */
    public DecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
