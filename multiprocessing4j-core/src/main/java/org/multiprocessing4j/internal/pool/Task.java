package org.multiprocessing4j.internal.pool;

/** One unit of dispatch: a call, or one chunk of a map. Mutable fields are guarded by the core's lock. */
public final class Task {
    static final int PENDING = 0, SENT = 1, DONE = 2;
    static final byte KR_NONE = 0, KR_TIMEOUT = 1, KR_CANCEL = 2, KR_TERMINATE = 3;

    /** Receives the outcome of a task, outside the core's lock, exactly once per task. */
    public interface Sink {
        void complete(Task t, Object value);

        void fail(Task t, Throwable error);

        void cancelled(Task t);
    }

    /** Unique in the pool; a task taken back from a worker gets a new one (the worker still skips the old). */
    long id;
    final byte kind;
    final Fn fn;
    /** The argument (a call's) or the items (a chunk's), kept to name a failing input. */
    Object arg;
    byte[] argBytes;
    final long timeoutNanos;
    final Sink sink;
    /** For chunks: index of the chunk and of its first item in the whole input. */
    final int chunkIndex;
    final long itemBase;
    /** Items of the input it covers: 1 for a call, the chunk's size for a chunk. */
    final int items;

    int state = PENDING;
    Worker worker;
    int wireBytes;
    /** How a chunk's items travel ({@link Columns}). */
    byte form;
    byte killReason;
    /** Times the task was sent again because the host of its worker was lost ({@link Host.Loss}). */
    int losses;
    /** {@code System.nanoTime()} of its submission, when a JFR recording wants it; else 0. */
    long submittedAt;
    /** Position in its worker's window order (see {@link Steal}). */
    long seq;
    /** Asked back from its worker (see {@link Steal}): a "skipped" answer puts it back in the queue. */
    boolean stealing;

    Task(long id, byte kind, Fn fn, Object arg, long timeoutNanos, Sink sink, int chunkIndex, long itemBase, int items) {
        this.id = id;
        this.kind = kind;
        this.fn = fn;
        this.arg = arg;
        this.timeoutNanos = timeoutNanos;
        this.sink = sink;
        this.chunkIndex = chunkIndex;
        this.itemBase = itemBase;
        this.items = items;
    }

    public long id() {
        return id;
    }

    public int chunkIndex() {
        return chunkIndex;
    }

    public long itemBase() {
        return itemBase;
    }

    boolean isChunk() {
        return kind == Wire.K_CHUNK || kind == Wire.K_STARCHUNK;
    }

    /** Names the task without its input: {@code chunk #3 (items #300..399)} or {@code task #17}. */
    String describeTask() {
        if (isChunk()) return "chunk #" + chunkIndex + " (items #" + itemBase + ".." + (itemBase + Math.max(0, items - 1)) + ")";
        return "task #" + id;
    }

    /** Names the task (and an item of it) for error messages. */
    String describe(int index) {
        if (isChunk()) {
            if (index >= 0) {
                Object item = null;
                if (arg instanceof java.util.List<?> l && index < l.size()) item = l.get(index);
                return "item #" + (itemBase + index) + " (input: " + Errors.shortString(item) + ")";
            }
            return describeTask();
        }
        if (kind == Wire.K_FN) return "task #" + id + " (input: " + Errors.shortString(arg) + ")";
        return describeTask();
    }

    /** A function shipped to workers: encoded once, then referenced by id. */
    public static final class Fn {
        final int id;
        final Object fn;
        /** Non-capturing functions are kept per class in the pool's table; others are sent with every call. */
        byte[] bytes;

        Fn(int id, Object fn) {
            this.id = id;
            this.fn = fn;
        }
    }
}
