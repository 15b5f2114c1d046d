package org.multiprocessing4j.pool;

/**
 * A task's result, or the exception it threw, could not be encoded in the worker to be sent back — Python's
 * {@code MaybeEncodingError}. Only that task fails; the worker goes on.
 */
public class MaybeEncodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what could not be encoded, and why
     */
    public MaybeEncodingException(String message) {
        super(message);
    }
}
