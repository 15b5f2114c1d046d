package org.multiprocessing4j.pool;

/**
 * Attached as the cause of an exception a task threw in a worker: the remote stack trace as text, and what failed
 * (the task, or the map item with its index and input) — Python's {@code RemoteTraceback}.
 */
public class RemoteTraceback extends Exception {
    private static final long serialVersionUID = 1L;
    /** What failed: the task, or the map item (index and input), and the worker. */
    private final String where;
    /** The stack trace as printed in the worker. */
    private final String trace;

    /**
     * A traceback; its message is {@code where} followed by the trace in triple quotes, as Python prints it.
     * It has no stack trace of its own and suppresses nothing.
     *
     * @param where what failed: the task, or the map item (index and input), and the worker
     * @param trace the stack trace as printed in the worker
     */
    public RemoteTraceback(String where, String trace) {
        super(where + "\n\"\"\"\n" + trace + "\"\"\"", null, false, false);
        this.where = where;
        this.trace = trace;
    }

    /** {@return what failed: the task, or the map item (index and input), and the worker} */
    public String where() {
        return where;
    }

    /** {@return the stack trace as printed in the worker} */
    public String trace() {
        return trace;
    }
}
