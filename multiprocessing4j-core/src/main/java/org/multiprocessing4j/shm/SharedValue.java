package org.multiprocessing4j.shm;

import java.io.Serial;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.Lock;

import org.multiprocessing4j.internal.shm.ByteAtomics;
import org.multiprocessing4j.internal.shm.Segment;

/**
 * One typed number in shared memory — Python's {@code multiprocessing.Value} (with a lock) and {@code RawValue}
 * (without). Typed as {@link OfInt}, {@link OfLong}, {@link OfDouble} and {@link OfByte}:
 * {@code SharedValue.ofInt(0)}, {@code SharedValue.rawDouble(1.5)}, ...
 *
 * <p><b>Synchronized</b> values ({@code ofInt}, ...) come with a {@link org.multiprocessing4j.sync.SharedReentrantLock}
 * placed in the same cache line (or use a lock you pass), and every method takes it — so a compound action done
 * while holding {@link #lock()}, such as {@code v.set(v.get() + 1)}, is atomic with respect to every other access,
 * as in Python. <b>Raw</b> values ({@code rawInt}, ...) have no lock; {@code get}/{@code set} are volatile and
 * {@code getAndAdd}/{@code compareAndSet} are hardware atomics, correct across processes without a lock.
 *
 * <p>Passing a value to a child process (it is {@link java.io.Serializable}) attaches the child to the same memory
 * and lock. The memory is unlinked when the creating object is collected or its JVM exits; keep it reachable until
 * the children have their copies.
 *
 * <p><b>Waiting:</b> only synchronized values wait, for their lock, without a timeout and ignoring interrupts (as
 * {@link Lock#lock()}); if the lock's holder process died, the lock is taken over (see
 * {@link org.multiprocessing4j.sync.SharedLock#previousOwnerDied()}).
 *
 * <p><b>Memory consistency effects:</b> a {@code set} in one process happens-before a {@code get} that sees it in
 * another: for raw values every access is volatile; a synchronized value's accesses are ordered by its lock (a
 * {@code set} is a release store inside it, which spares the fence of a volatile store).
 */
public abstract sealed class SharedValue extends SharedStorage
        permits SharedValue.OfInt, SharedValue.OfLong, SharedValue.OfDouble, SharedValue.OfByte {
    @Serial
    private static final long serialVersionUID = 1L;
    static final long DATA = 32; // after the lock, in the same cache line
    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    static final VarHandle DOUBLE = ValueLayout.JAVA_DOUBLE.varHandle();
    static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle();

    SharedValue(Segment segment, int mode, Lock given) {
        super(segment, mode, given);
    }

    private static Segment fresh() {
        return newSegment(8, DATA);
    }

    /**
     * A synchronized {@code int}, with its own lock.
     *
     * @param initial the initial value
     * @return the new value
     */
    public static OfInt ofInt(int initial) { return new OfInt(fresh(), OWN_LOCK, null).init(initial); }

    /**
     * A synchronized {@code int} guarded by {@code lock}, which may guard other shared objects too.
     *
     * @param initial the initial value
     * @param lock a {@code SharedLock} or {@code SharedReentrantLock}
     * @return the new value
     * @throws IllegalArgumentException if {@code lock} is not a shared lock
     */
    public static OfInt ofInt(int initial, Lock lock) { return new OfInt(fresh(), GIVEN_LOCK, lock).init(initial); }

    /**
     * A raw {@code int} (no lock).
     *
     * @param initial the initial value
     * @return the new value
     */
    public static OfInt rawInt(int initial) { return new OfInt(fresh(), RAW, null).init(initial); }

    /**
     * A synchronized {@code long}, with its own lock.
     *
     * @param initial the initial value
     * @return the new value
     */
    public static OfLong ofLong(long initial) { return new OfLong(fresh(), OWN_LOCK, null).init(initial); }

    /**
     * A synchronized {@code long} guarded by {@code lock}.
     *
     * @param initial the initial value
     * @param lock a {@code SharedLock} or {@code SharedReentrantLock}
     * @return the new value
     * @throws IllegalArgumentException if {@code lock} is not a shared lock
     */
    public static OfLong ofLong(long initial, Lock lock) { return new OfLong(fresh(), GIVEN_LOCK, lock).init(initial); }

    /**
     * A raw {@code long} (no lock).
     *
     * @param initial the initial value
     * @return the new value
     */
    public static OfLong rawLong(long initial) { return new OfLong(fresh(), RAW, null).init(initial); }

    /**
     * A synchronized {@code double}, with its own lock.
     *
     * @param initial the initial value
     * @return the new value
     */
    public static OfDouble ofDouble(double initial) { return new OfDouble(fresh(), OWN_LOCK, null).init(initial); }

    /**
     * A synchronized {@code double} guarded by {@code lock}.
     *
     * @param initial the initial value
     * @param lock a {@code SharedLock} or {@code SharedReentrantLock}
     * @return the new value
     * @throws IllegalArgumentException if {@code lock} is not a shared lock
     */
    public static OfDouble ofDouble(double initial, Lock lock) { return new OfDouble(fresh(), GIVEN_LOCK, lock).init(initial); }

    /**
     * A raw {@code double} (no lock).
     *
     * @param initial the initial value
     * @return the new value
     */
    public static OfDouble rawDouble(double initial) { return new OfDouble(fresh(), RAW, null).init(initial); }

    /**
     * A synchronized {@code byte}, with its own lock.
     *
     * @param initial the initial value
     * @return the new value
     */
    public static OfByte ofByte(byte initial) { return new OfByte(fresh(), OWN_LOCK, null).init(initial); }

    /**
     * A synchronized {@code byte} guarded by {@code lock}.
     *
     * @param initial the initial value
     * @param lock a {@code SharedLock} or {@code SharedReentrantLock}
     * @return the new value
     * @throws IllegalArgumentException if {@code lock} is not a shared lock
     */
    public static OfByte ofByte(byte initial, Lock lock) { return new OfByte(fresh(), GIVEN_LOCK, lock).init(initial); }

    /**
     * A raw {@code byte} (no lock).
     *
     * @param initial the initial value
     * @return the new value
     */
    public static OfByte rawByte(byte initial) { return new OfByte(fresh(), RAW, null).init(initial); }

    static SharedValue attached(char kind, Segment s, int mode, Lock given) {
        return switch (kind) {
            case 'i' -> new OfInt(s, mode, given);
            case 'l' -> new OfLong(s, mode, given);
            case 'd' -> new OfDouble(s, mode, given);
            default -> new OfByte(s, mode, given);
        };
    }

    abstract String text();

    @Override
    public String toString() {
        return getClass().getSimpleName() + (isSynchronized() ? "[" : "[raw ") + text() + "]";
    }

    /** A shared {@code int} (Python typecode {@code 'i'}). */
    public static final class OfInt extends SharedValue {
        @Serial
        private static final long serialVersionUID = 1L;

        OfInt(Segment s, int mode, Lock given) { super(s, mode, given); }

        OfInt init(int v) { if (v != 0) INT.setVolatile(mem, DATA, v); return this; }

        /** {@return the current value} */
        public int get() {
            acquire();
            try { return (int) INT.getVolatile(mem, DATA); } finally { release(); }
        }

        /**
         * Sets the value.
         *
         * @param v the new value
         */
        public void set(int v) {
            acquire();
            try { if (lock == null) INT.setVolatile(mem, DATA, v); else INT.setRelease(mem, DATA, v); } finally { release(); }
        }

        /**
         * Adds {@code delta} atomically (wrapping on overflow).
         *
         * @param delta the amount to add
         * @return the previous value
         */
        public int getAndAdd(int delta) {
            acquire();
            try { return (int) INT.getAndAdd(mem, DATA, delta); } finally { release(); }
        }

        /**
         * Sets the value atomically to {@code value} if it is {@code expected}.
         *
         * @param expected the value it must have
         * @param value the new value
         * @return true if the value was set, false if it was not {@code expected}
         */
        public boolean compareAndSet(int expected, int value) {
            acquire();
            try { return INT.compareAndSet(mem, DATA, expected, value); } finally { release(); }
        }

        @Override char kind() { return 'i'; }
        @Override String text() { return Integer.toString((int) INT.getVolatile(mem, DATA)); }
    }

    /** A shared {@code long} (Python typecode {@code 'q'}). */
    public static final class OfLong extends SharedValue {
        @Serial
        private static final long serialVersionUID = 1L;

        OfLong(Segment s, int mode, Lock given) { super(s, mode, given); }

        OfLong init(long v) { if (v != 0) LONG.setVolatile(mem, DATA, v); return this; }

        /** {@return the current value} */
        public long get() {
            acquire();
            try { return (long) LONG.getVolatile(mem, DATA); } finally { release(); }
        }

        /**
         * Sets the value.
         *
         * @param v the new value
         */
        public void set(long v) {
            acquire();
            try { if (lock == null) LONG.setVolatile(mem, DATA, v); else LONG.setRelease(mem, DATA, v); } finally { release(); }
        }

        /**
         * Adds {@code delta} atomically (wrapping on overflow).
         *
         * @param delta the amount to add
         * @return the previous value
         */
        public long getAndAdd(long delta) {
            acquire();
            try { return (long) LONG.getAndAdd(mem, DATA, delta); } finally { release(); }
        }

        /**
         * Sets the value atomically to {@code value} if it is {@code expected}.
         *
         * @param expected the value it must have
         * @param value the new value
         * @return true if the value was set, false if it was not {@code expected}
         */
        public boolean compareAndSet(long expected, long value) {
            acquire();
            try { return LONG.compareAndSet(mem, DATA, expected, value); } finally { release(); }
        }

        @Override char kind() { return 'l'; }
        @Override String text() { return Long.toString((long) LONG.getVolatile(mem, DATA)); }
    }

    /** A shared {@code double} (Python typecode {@code 'd'}). */
    public static final class OfDouble extends SharedValue {
        @Serial
        private static final long serialVersionUID = 1L;

        OfDouble(Segment s, int mode, Lock given) { super(s, mode, given); }

        OfDouble init(double v) { if (v != 0 || 1 / v < 0) DOUBLE.setVolatile(mem, DATA, v); return this; }

        /** {@return the current value} */
        public double get() {
            acquire();
            try { return (double) DOUBLE.getVolatile(mem, DATA); } finally { release(); }
        }

        /**
         * Sets the value.
         *
         * @param v the new value
         */
        public void set(double v) {
            acquire();
            try { if (lock == null) DOUBLE.setVolatile(mem, DATA, v); else DOUBLE.setRelease(mem, DATA, v); } finally { release(); }
        }

        /**
         * Adds {@code delta} atomically (a compare-and-set loop).
         *
         * @param delta the amount to add
         * @return the previous value
         */
        public double getAndAdd(double delta) {
            acquire();
            try {
                while (true) {
                    double old = (double) DOUBLE.getVolatile(mem, DATA);
                    if (DOUBLE.compareAndSet(mem, DATA, old, old + delta)) return old;
                }
            } finally { release(); }
        }

        /**
         * Sets the value atomically to {@code value} if it is {@code expected}. Compares bit patterns, as
         * {@link Double#doubleToRawLongBits} does.
         *
         * @param expected the value it must have
         * @param value the new value
         * @return true if the value was set, false if it was not {@code expected}
         */
        public boolean compareAndSet(double expected, double value) {
            acquire();
            try { return DOUBLE.compareAndSet(mem, DATA, expected, value); } finally { release(); }
        }

        @Override char kind() { return 'd'; }
        @Override String text() { return Double.toString((double) DOUBLE.getVolatile(mem, DATA)); }
    }

    /** A shared {@code byte} (Python typecode {@code 'b'}). */
    public static final class OfByte extends SharedValue {
        @Serial
        private static final long serialVersionUID = 1L;

        OfByte(Segment s, int mode, Lock given) { super(s, mode, given); }

        OfByte init(byte v) { if (v != 0) BYTE.setVolatile(mem, DATA, v); return this; }

        /** {@return the current value} */
        public byte get() {
            acquire();
            try { return (byte) BYTE.getVolatile(mem, DATA); } finally { release(); }
        }

        /**
         * Sets the value.
         *
         * @param v the new value
         */
        public void set(byte v) {
            acquire();
            try { if (lock == null) BYTE.setVolatile(mem, DATA, v); else BYTE.setRelease(mem, DATA, v); } finally { release(); }
        }

        /**
         * Adds {@code delta} atomically (wrapping on overflow).
         *
         * @param delta the amount to add
         * @return the previous value
         */
        public byte getAndAdd(byte delta) {
            acquire();
            try { return ByteAtomics.getAndAdd(mem, DATA, delta); } finally { release(); }
        }

        /**
         * Sets the value atomically to {@code value} if it is {@code expected}.
         *
         * @param expected the value it must have
         * @param value the new value
         * @return true if the value was set, false if it was not {@code expected}
         */
        public boolean compareAndSet(byte expected, byte value) {
            acquire();
            try { return ByteAtomics.compareAndSet(mem, DATA, expected, value); } finally { release(); }
        }

        @Override char kind() { return 'b'; }
        @Override String text() { return Byte.toString((byte) BYTE.getVolatile(mem, DATA)); }
    }
}
