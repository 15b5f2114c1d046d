package org.multiprocessing4j.pool;

/**
 * Attached as the cause of an exception a task threw in a worker: the remote stack trace as text, and what failed
 * (the task, or the map item with its index and input) — Python's {@code RemoteTraceback}.
 */
public class RemoteTraceback extends Exception {
    private static final long serialVersionUID = 1L;
    private final String where;
    private final String trace;

    public RemoteTraceback(String where, String trace) {
        super(where + "\n\"\"\"\n" + trace + "\"\"\"", null, false, false);
        this.where = where;
        this.trace = trace;
    }

    /** What failed: the task, or the map item (index and input), and the worker. */
    public String where() {
        return where;
    }

    /** The stack trace as printed in the worker. */
    public String trace() {
        return trace;
    }
}
