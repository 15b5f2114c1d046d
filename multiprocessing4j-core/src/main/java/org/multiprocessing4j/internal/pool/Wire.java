package org.multiprocessing4j.internal.pool;

import java.util.Arrays;

import org.multiprocessing4j.internal.codec.Bytes;

/**
 * The pool protocol between the parent and a worker JVM: one frame per message, first byte the type, big-endian
 * fields. Parent to worker: {@link #INIT}, {@link #TASKS} (a batch), {@link #CANCEL}, {@link #STOP}. Worker to
 * parent: {@link #READY}, {@link #INIT_FAILED}, {@link #RESULTS} (a batch; with insights on, followed by the worker's
 * cumulative waiting, working and sending nanoseconds).
 */
public final class Wire {
    private Wire() {}

    // parent -> worker
    public static final byte INIT = 1, TASKS = 2, CANCEL = 3, STOP = 4, PARK = 5;
    // worker -> parent
    public static final byte READY = 11, INIT_FAILED = 12, RESULTS = 13, PARKED = 14;
    /** INIT flag: measure waiting, working and sending, and send the totals after each result batch. */
    public static final byte INIT_INSIGHTS = 1;
    /** Task flag: stamp the slot before every item (the task has a per-item timeout). */
    public static final byte F_TIMED = 1;

    // task kinds
    public static final byte K_FN = 1, K_CALL = 2, K_RUN = 3, K_CHUNK = 4, K_STARCHUNK = 5;
    // result status
    public static final byte S_OK = 0, S_ERROR = 1, S_UNENCODABLE = 2, S_CANCELLED = 3;

    /** Marks a function already known by the worker (no bytes follow). */
    public static final int FN_KNOWN = -1;

    /** Bytes of a {@link #TASKS} frame before its tasks: the type and the count. */
    static final int TASKS_HEADER = 5;

    /** {@return the most bytes one task takes in a {@link #TASKS} frame: with its function, which may be sent along} */
    static long taskBytes(Task t) {
        return 22L + (t.fn.bytes == null ? 0 : t.fn.bytes.length) + (t.argBytes == null ? 0 : t.argBytes.length);
    }

    /**
     * An {@link #INIT} frame as written by the parent, with the slot path replaced: a relay between the parent and a
     * worker on another machine gives the worker a slot of that machine.
     */
    public static byte[] initWithSlot(byte[] init, String slotPath) {
        In in = new In(init);
        if (in.b() != INIT) throw new IllegalArgumentException("not an INIT frame");
        byte[] initializer = in.block();
        int maxTasks = in.i();
        in.block();
        Out o = new Out(init.length + slotPath.length() * 3).b(INIT);
        o.block(initializer).i(maxTasks).block(slotPath.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        while (in.more()) o.b(in.b()); // fields added after the slot path travel as they are
        return Arrays.copyOf(o.array(), o.size());
    }

    /** A growable big-endian frame under construction. */
    public static final class Out {
        byte[] buf;
        int size;

        public Out(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        void ensure(int more) {
            if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }

        public Out b(int v) {
            ensure(1);
            buf[size++] = (byte) v;
            return this;
        }

        public Out i(int v) {
            ensure(4);
            Bytes.putInt(buf, size, v);
            size += 4;
            return this;
        }

        public Out l(long v) {
            ensure(8);
            Bytes.putLong(buf, size, v);
            size += 8;
            return this;
        }

        public Out bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
        }

        /** Writes a length-prefixed byte block; null is written as length -1. */
        public Out block(byte[] b) {
            if (b == null) return i(-1);
            i(b.length);
            return bytes(b);
        }

        public int size() {
            return size;
        }

        public void setInt(int pos, int v) {
            Bytes.putInt(buf, pos, v);
        }

        public byte[] array() {
            return buf;
        }

        public void reset() {
            size = 0;
        }
    }

    /** Reads a frame. */
    public static final class In {
        final byte[] buf;
        int pos;

        public In(byte[] buf) {
            this.buf = buf;
        }

        public byte b() {
            return buf[pos++];
        }

        public int i() {
            int v = Bytes.getInt(buf, pos);
            pos += 4;
            return v;
        }

        public long l() {
            long v = Bytes.getLong(buf, pos);
            pos += 8;
            return v;
        }

        /** A length-prefixed block as a copy, null for length -1. */
        public byte[] block() {
            int n = i();
            if (n < 0) return null;
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        /** Skips a length-prefixed block and returns its offset; {@link #lastLength} holds its length. */
        public int blockOffset() {
            int n = i();
            lastLength = n;
            int at = pos;
            if (n > 0) pos += n;
            return at;
        }

        public int lastLength;

        public byte[] array() {
            return buf;
        }

        public boolean more() {
            return pos < buf.length;
        }
    }
}
