package org.multiprocessing4j.codec;

import java.io.IOException;

/** A value could not be encoded for another process; nothing was sent. Python's {@code PicklingError}. */
public class EncodingException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message and a cause.
     *
     * @param message what failed, naming the class concerned where known
     * @param cause the underlying failure, or null
     */
    public EncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
