package org.multiprocessing4j.managers;

/**
 * A call through a manager proxy failed for a reason other than the shared object's own exception: the manager
 * process has ended or cannot be reached, the call could not be encoded, or the remote object threw a checked
 * exception that the proxied method does not declare (then it is the cause) — Python's {@code RemoteError} and the
 * connection errors of a dead manager.
 */
public class ManagerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ManagerException(String message) {
        super(message);
    }

    public ManagerException(String message, Throwable cause) {
        super(message, cause);
    }
}
