package org.multiprocessing4j.connection;

import java.io.IOException;

/**
 * A received message did not fit the caller's buffer — Python's {@code BufferTooShort}. The message has been
 * consumed; {@link #message()} returns all of it, so nothing is lost.
 */
public class BufferTooShortException extends IOException {
    private static final long serialVersionUID = 1L;
    /** The whole message. */
    private final byte[] message;

    /**
     * An exception carrying the message that did not fit.
     *
     * @param message the whole message
     */
    public BufferTooShortException(byte[] message) {
        super("the buffer is too short for a message of " + message.length + " bytes; the message is in message()");
        this.message = message;
    }

    /** {@return the whole message that did not fit} */
    public byte[] message() {
        return message;
    }
}
