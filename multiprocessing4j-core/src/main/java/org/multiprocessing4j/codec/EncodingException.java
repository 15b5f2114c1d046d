package org.multiprocessing4j.codec;

import java.io.IOException;

/** A value could not be encoded for another process; nothing was sent. Python's {@code PicklingError}. */
public class EncodingException extends IOException {
    private static final long serialVersionUID = 1L;

    public EncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
