package org.multiprocessing4j.connection;

import java.io.IOException;

/**
 * The peer failed the authkey challenge, or rejected ours — Python's {@code AuthenticationError}. The connection
 * is closed and nothing the peer sent was deserialized.
 */
public class AuthenticationException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what failed
     */
    public AuthenticationException(String message) {
        super(message);
    }
}
