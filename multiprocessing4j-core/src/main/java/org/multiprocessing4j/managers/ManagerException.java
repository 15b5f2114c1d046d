package org.multiprocessing4j.managers;

/**
 * A call through a manager proxy failed for a reason other than the shared object's own exception: the manager
 * process has ended or cannot be reached, the call could not be encoded, or the remote object threw a checked
 * exception that the proxied method does not declare (then it is the cause) — Python's {@code RemoteError} and the
 * connection errors of a dead manager.
 */
public class ManagerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what failed
     */
    public ManagerException(String message) {
        super(message);
    }

    /**
     * An exception with the given message and cause.
     *
     * @param message what failed
     * @param cause the underlying failure, or null
     */
    public ManagerException(String message, Throwable cause) {
        super(message, cause);
    }
}
