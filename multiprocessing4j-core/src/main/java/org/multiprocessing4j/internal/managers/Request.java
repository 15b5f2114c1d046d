package org.multiprocessing4j.internal.managers;

import java.io.Serializable;

/**
 * One call to a manager: {@code method} (with its parameter type names, to pick the overload) on the shared object
 * {@code objectId}; object 0 is the manager itself ({@code create}, {@code shutdown}, {@code ping}).
 */
public record Request(long seq, long objectId, String method, String[] paramTypes, Object[] args)
        implements Serializable {
    /** The object id of a request to cancel call {@code seq} of the same connection, if it still runs. */
    public static final long CANCEL = -1;
}
