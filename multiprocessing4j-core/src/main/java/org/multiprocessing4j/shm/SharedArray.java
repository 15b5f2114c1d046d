package org.multiprocessing4j.shm;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.concurrent.locks.Lock;

import org.multiprocessing4j.internal.shm.ByteAtomics;
import org.multiprocessing4j.internal.shm.Segment;

import static org.multiprocessing4j.shm.SharedValue.BYTE;
import static org.multiprocessing4j.shm.SharedValue.DOUBLE;
import static org.multiprocessing4j.shm.SharedValue.INT;
import static org.multiprocessing4j.shm.SharedValue.LONG;

/**
 * A fixed-length typed array in shared memory — Python's {@code multiprocessing.Array} (with a lock) and
 * {@code RawArray} (without). Typed as {@link OfInt}, {@link OfLong}, {@link OfDouble} and {@link OfByte}:
 * {@code SharedArray.ofInts(10)}, {@code SharedArray.rawDoubles(100_000)}, {@code SharedArray.ofLongs(new long[]{1, 2})}.
 *
 * <p><b>Synchronized</b> arrays take their lock (a {@link org.multiprocessing4j.sync.SharedReentrantLock}, or one you
 * pass) in every method, bulk copies included, so a copy is never torn by another process's writes; hold
 * {@link #lock()} around compound actions. <b>Raw</b> arrays take no lock: element {@code get}/{@code set} are
 * volatile, {@code getAndAdd}/{@code compareAndSet} are hardware atomics, and bulk copies are plain memory copies
 * that another process may observe half done — order them with a lock, semaphore or event.
 *
 * <p>Elements start zeroed. {@link #segment()} is the raw memory of the elements. Passing an array to a child process
 * (it is {@link java.io.Serializable}) attaches the child to the same memory; the memory is unlinked when the
 * creating object is collected or its JVM exits.
 *
 * <p><b>Waiting, timeouts, death of another process:</b> as for {@link SharedValue}.
 *
 * <p><b>Memory consistency effects:</b> element methods are volatile accesses; bulk copies are ordered only by the
 * lock (synchronized arrays) or by the synchronization you use around them (raw arrays).
 */
public abstract sealed class SharedArray extends SharedStorage
        permits SharedArray.OfInt, SharedArray.OfLong, SharedArray.OfDouble, SharedArray.OfByte {
    @Serial
    private static final long serialVersionUID = 1L;
    static final long DATA = 64;

    final transient int length;
    final transient MemorySegment data;

    SharedArray(Segment segment, int mode, Lock given, int length, int elementSize) {
        super(segment, mode, given);
        this.length = length;
        this.data = segment.memory().asSlice(DATA, (long) length * elementSize);
    }

    private static Segment fresh(int length, int elementSize) {
        if (length < 0) throw new IllegalArgumentException("negative length: " + length);
        return newSegment(Math.max(8, (long) length * elementSize), DATA);
    }

    /**
     * A synchronized array of {@code length} zeroed {@code int}s, with its own lock.
     *
     * @param length the number of elements
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static OfInt ofInts(int length) { return new OfInt(fresh(length, 4), OWN_LOCK, null, length); }

    /**
     * A synchronized array, with its own lock, holding a copy of {@code initial}.
     *
     * @param initial the elements
     * @return the new array
     */
    public static OfInt ofInts(int[] initial) { return ofInts(initial.length).init(initial); }

    /**
     * A synchronized array of {@code length} zeroed {@code int}s guarded by {@code lock}, which may guard other
     * shared objects too.
     *
     * @param length the number of elements
     * @param lock a {@code SharedLock} or {@code SharedReentrantLock}
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative or {@code lock} is not a shared lock
     */
    public static OfInt ofInts(int length, Lock lock) { return new OfInt(fresh(length, 4), GIVEN_LOCK, lock, length); }

    /**
     * A raw array (no lock) of {@code length} zeroed {@code int}s.
     *
     * @param length the number of elements
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static OfInt rawInts(int length) { return new OfInt(fresh(length, 4), RAW, null, length); }

    /**
     * A raw array (no lock) holding a copy of {@code initial}.
     *
     * @param initial the elements
     * @return the new array
     */
    public static OfInt rawInts(int[] initial) { return rawInts(initial.length).init(initial); }

    /**
     * A synchronized array of {@code length} zeroed {@code long}s, with its own lock.
     *
     * @param length the number of elements
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static OfLong ofLongs(int length) { return new OfLong(fresh(length, 8), OWN_LOCK, null, length); }

    /**
     * A synchronized array, with its own lock, holding a copy of {@code initial}.
     *
     * @param initial the elements
     * @return the new array
     */
    public static OfLong ofLongs(long[] initial) { return ofLongs(initial.length).init(initial); }

    /**
     * A synchronized array of {@code length} zeroed {@code long}s guarded by {@code lock}.
     *
     * @param length the number of elements
     * @param lock a {@code SharedLock} or {@code SharedReentrantLock}
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative or {@code lock} is not a shared lock
     */
    public static OfLong ofLongs(int length, Lock lock) { return new OfLong(fresh(length, 8), GIVEN_LOCK, lock, length); }

    /**
     * A raw array (no lock) of {@code length} zeroed {@code long}s.
     *
     * @param length the number of elements
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static OfLong rawLongs(int length) { return new OfLong(fresh(length, 8), RAW, null, length); }

    /**
     * A raw array (no lock) holding a copy of {@code initial}.
     *
     * @param initial the elements
     * @return the new array
     */
    public static OfLong rawLongs(long[] initial) { return rawLongs(initial.length).init(initial); }

    /**
     * A synchronized array of {@code length} zeroed {@code double}s, with its own lock.
     *
     * @param length the number of elements
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static OfDouble ofDoubles(int length) { return new OfDouble(fresh(length, 8), OWN_LOCK, null, length); }

    /**
     * A synchronized array, with its own lock, holding a copy of {@code initial}.
     *
     * @param initial the elements
     * @return the new array
     */
    public static OfDouble ofDoubles(double[] initial) { return ofDoubles(initial.length).init(initial); }

    /**
     * A synchronized array of {@code length} zeroed {@code double}s guarded by {@code lock}.
     *
     * @param length the number of elements
     * @param lock a {@code SharedLock} or {@code SharedReentrantLock}
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative or {@code lock} is not a shared lock
     */
    public static OfDouble ofDoubles(int length, Lock lock) { return new OfDouble(fresh(length, 8), GIVEN_LOCK, lock, length); }

    /**
     * A raw array (no lock) of {@code length} zeroed {@code double}s.
     *
     * @param length the number of elements
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static OfDouble rawDoubles(int length) { return new OfDouble(fresh(length, 8), RAW, null, length); }

    /**
     * A raw array (no lock) holding a copy of {@code initial}.
     *
     * @param initial the elements
     * @return the new array
     */
    public static OfDouble rawDoubles(double[] initial) { return rawDoubles(initial.length).init(initial); }

    /**
     * A synchronized array of {@code length} zeroed {@code byte}s, with its own lock.
     *
     * @param length the number of elements
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static OfByte ofBytes(int length) { return new OfByte(fresh(length, 1), OWN_LOCK, null, length); }

    /**
     * A synchronized array, with its own lock, holding a copy of {@code initial}.
     *
     * @param initial the elements
     * @return the new array
     */
    public static OfByte ofBytes(byte[] initial) { return ofBytes(initial.length).init(initial); }

    /**
     * A synchronized array of {@code length} zeroed {@code byte}s guarded by {@code lock}.
     *
     * @param length the number of elements
     * @param lock a {@code SharedLock} or {@code SharedReentrantLock}
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative or {@code lock} is not a shared lock
     */
    public static OfByte ofBytes(int length, Lock lock) { return new OfByte(fresh(length, 1), GIVEN_LOCK, lock, length); }

    /**
     * A raw array (no lock) of {@code length} zeroed {@code byte}s.
     *
     * @param length the number of elements
     * @return the new array
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static OfByte rawBytes(int length) { return new OfByte(fresh(length, 1), RAW, null, length); }

    /**
     * A raw array (no lock) holding a copy of {@code initial}.
     *
     * @param initial the elements
     * @return the new array
     */
    public static OfByte rawBytes(byte[] initial) { return rawBytes(initial.length).init(initial); }

    static SharedArray attached(char kind, Segment s, int mode, Lock given, int length) {
        return switch (kind) {
            case 'i' -> new OfInt(s, mode, given, length);
            case 'l' -> new OfLong(s, mode, given, length);
            case 'd' -> new OfDouble(s, mode, given, length);
            default -> new OfByte(s, mode, given, length);
        };
    }

    /** {@return the number of elements} */
    public int length() {
        return length;
    }

    @Override
    long length0() {
        return length;
    }

    /**
     * {@return the elements' memory: {@code length()} elements in native byte order; accesses through it take no
     * lock}
     */
    public MemorySegment segment() {
        return data;
    }

    final long at(int index, int size) {
        return DATA + (long) Objects.checkIndex(index, length) * size;
    }

    final void copyIn(Object src, int srcLength, int srcPos, int index, int count, ValueLayout layout) {
        Objects.checkFromIndexSize(srcPos, count, srcLength);
        Objects.checkFromIndexSize(index, count, length);
        acquire();
        try {
            MemorySegment.copy(src, srcPos, data, layout, index * layout.byteSize(), count);
        } finally {
            release();
        }
    }

    final void copyOut(int index, Object dst, int dstLength, int dstPos, int count, ValueLayout layout) {
        Objects.checkFromIndexSize(index, count, length);
        Objects.checkFromIndexSize(dstPos, count, dstLength);
        acquire();
        try {
            MemorySegment.copy(data, layout, index * layout.byteSize(), dst, dstPos, count);
        } finally {
            release();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + (isSynchronized() ? "[length=" : "[raw, length=") + length + "]";
    }

    /** Shared {@code int}s. */
    public static final class OfInt extends SharedArray {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final ValueLayout.OfInt L = ValueLayout.JAVA_INT;

        OfInt(Segment s, int mode, Lock given, int length) { super(s, mode, given, length, 4); }

        OfInt init(int[] values) { copyFrom(values); return this; }

        /**
         * Returns element {@code i}.
         *
         * @param i the index
         * @return the element
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public int get(int i) {
            long o = at(i, 4);
            acquire();
            try { return (int) INT.getVolatile(mem, o); } finally { release(); }
        }

        /**
         * Sets element {@code i}.
         *
         * @param i the index
         * @param v the new value
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public void set(int i, int v) {
            long o = at(i, 4);
            acquire();
            try { INT.setVolatile(mem, o, v); } finally { release(); }
        }

        /**
         * Adds {@code delta} to element {@code i} atomically (wrapping on overflow).
         *
         * @param i the index
         * @param delta the amount to add
         * @return the previous value
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public int getAndAdd(int i, int delta) {
            long o = at(i, 4);
            acquire();
            try { return (int) INT.getAndAdd(mem, o, delta); } finally { release(); }
        }

        /**
         * Sets element {@code i} to {@code value} atomically if it is {@code expected}.
         *
         * @param i the index
         * @param expected the value the element must have
         * @param value the new value
         * @return true if the element was set, false if it was not {@code expected}
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public boolean compareAndSet(int i, int expected, int value) {
            long o = at(i, 4);
            acquire();
            try { return INT.compareAndSet(mem, o, expected, value); } finally { release(); }
        }

        /**
         * Copies all of {@code src} to elements {@code 0 .. src.length - 1}.
         *
         * @param src the values
         * @throws IndexOutOfBoundsException if {@code src} is longer than this array
         */
        public void copyFrom(int[] src) { copyIn(src, src.length, 0, 0, src.length, L); }

        /**
         * Copies {@code count} values from {@code src} starting at {@code srcPos} to the elements starting at
         * {@code index}.
         *
         * @param src the values
         * @param srcPos the first value to copy
         * @param index the first element to write
         * @param count how many values to copy
         * @throws IndexOutOfBoundsException if a range falls outside {@code src} or this array
         */
        public void copyFrom(int[] src, int srcPos, int index, int count) { copyIn(src, src.length, srcPos, index, count, L); }

        /**
         * Copies {@code count} elements starting at {@code index} into {@code dst} starting at {@code dstPos}.
         *
         * @param index the first element to read
         * @param dst the destination
         * @param dstPos the first position of {@code dst} to write
         * @param count how many elements to copy
         * @throws IndexOutOfBoundsException if a range falls outside this array or {@code dst}
         */
        public void copyTo(int index, int[] dst, int dstPos, int count) { copyOut(index, dst, dst.length, dstPos, count, L); }

        /** {@return a copy of all elements} */
        public int[] toArray() {
            int[] a = new int[length];
            copyTo(0, a, 0, length);
            return a;
        }

        @Override char kind() { return 'i'; }
    }

    /** Shared {@code long}s. */
    public static final class OfLong extends SharedArray {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;

        OfLong(Segment s, int mode, Lock given, int length) { super(s, mode, given, length, 8); }

        OfLong init(long[] values) { copyFrom(values); return this; }

        /**
         * Returns element {@code i}.
         *
         * @param i the index
         * @return the element
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public long get(int i) {
            long o = at(i, 8);
            acquire();
            try { return (long) LONG.getVolatile(mem, o); } finally { release(); }
        }

        /**
         * Sets element {@code i}.
         *
         * @param i the index
         * @param v the new value
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public void set(int i, long v) {
            long o = at(i, 8);
            acquire();
            try { LONG.setVolatile(mem, o, v); } finally { release(); }
        }

        /**
         * Adds {@code delta} to element {@code i} atomically (wrapping on overflow).
         *
         * @param i the index
         * @param delta the amount to add
         * @return the previous value
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public long getAndAdd(int i, long delta) {
            long o = at(i, 8);
            acquire();
            try { return (long) LONG.getAndAdd(mem, o, delta); } finally { release(); }
        }

        /**
         * Sets element {@code i} to {@code value} atomically if it is {@code expected}.
         *
         * @param i the index
         * @param expected the value the element must have
         * @param value the new value
         * @return true if the element was set, false if it was not {@code expected}
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public boolean compareAndSet(int i, long expected, long value) {
            long o = at(i, 8);
            acquire();
            try { return LONG.compareAndSet(mem, o, expected, value); } finally { release(); }
        }

        /**
         * Copies all of {@code src} to elements {@code 0 .. src.length - 1}.
         *
         * @param src the values
         * @throws IndexOutOfBoundsException if {@code src} is longer than this array
         */
        public void copyFrom(long[] src) { copyIn(src, src.length, 0, 0, src.length, L); }

        /**
         * Copies {@code count} values from {@code src} starting at {@code srcPos} to the elements starting at
         * {@code index}.
         *
         * @param src the values
         * @param srcPos the first value to copy
         * @param index the first element to write
         * @param count how many values to copy
         * @throws IndexOutOfBoundsException if a range falls outside {@code src} or this array
         */
        public void copyFrom(long[] src, int srcPos, int index, int count) { copyIn(src, src.length, srcPos, index, count, L); }

        /**
         * Copies {@code count} elements starting at {@code index} into {@code dst} starting at {@code dstPos}.
         *
         * @param index the first element to read
         * @param dst the destination
         * @param dstPos the first position of {@code dst} to write
         * @param count how many elements to copy
         * @throws IndexOutOfBoundsException if a range falls outside this array or {@code dst}
         */
        public void copyTo(int index, long[] dst, int dstPos, int count) { copyOut(index, dst, dst.length, dstPos, count, L); }

        /** {@return a copy of all elements} */
        public long[] toArray() {
            long[] a = new long[length];
            copyTo(0, a, 0, length);
            return a;
        }

        @Override char kind() { return 'l'; }
    }

    /** Shared {@code double}s. */
    public static final class OfDouble extends SharedArray {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final ValueLayout.OfDouble L = ValueLayout.JAVA_DOUBLE;

        OfDouble(Segment s, int mode, Lock given, int length) { super(s, mode, given, length, 8); }

        OfDouble init(double[] values) { copyFrom(values); return this; }

        /**
         * Returns element {@code i}.
         *
         * @param i the index
         * @return the element
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public double get(int i) {
            long o = at(i, 8);
            acquire();
            try { return (double) DOUBLE.getVolatile(mem, o); } finally { release(); }
        }

        /**
         * Sets element {@code i}.
         *
         * @param i the index
         * @param v the new value
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public void set(int i, double v) {
            long o = at(i, 8);
            acquire();
            try { DOUBLE.setVolatile(mem, o, v); } finally { release(); }
        }

        /**
         * Adds {@code delta} to element {@code i} atomically (a compare-and-set loop).
         *
         * @param i the index
         * @param delta the amount to add
         * @return the previous value
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public double getAndAdd(int i, double delta) {
            long o = at(i, 8);
            acquire();
            try {
                while (true) {
                    double old = (double) DOUBLE.getVolatile(mem, o);
                    if (DOUBLE.compareAndSet(mem, o, old, old + delta)) return old;
                }
            } finally { release(); }
        }

        /**
         * Sets element {@code i} to {@code value} atomically if it is {@code expected}. Compares bit patterns, as
         * {@link Double#doubleToRawLongBits} does.
         *
         * @param i the index
         * @param expected the value the element must have
         * @param value the new value
         * @return true if the element was set, false if it was not {@code expected}
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public boolean compareAndSet(int i, double expected, double value) {
            long o = at(i, 8);
            acquire();
            try { return DOUBLE.compareAndSet(mem, o, expected, value); } finally { release(); }
        }

        /**
         * Copies all of {@code src} to elements {@code 0 .. src.length - 1}.
         *
         * @param src the values
         * @throws IndexOutOfBoundsException if {@code src} is longer than this array
         */
        public void copyFrom(double[] src) { copyIn(src, src.length, 0, 0, src.length, L); }

        /**
         * Copies {@code count} values from {@code src} starting at {@code srcPos} to the elements starting at
         * {@code index}.
         *
         * @param src the values
         * @param srcPos the first value to copy
         * @param index the first element to write
         * @param count how many values to copy
         * @throws IndexOutOfBoundsException if a range falls outside {@code src} or this array
         */
        public void copyFrom(double[] src, int srcPos, int index, int count) { copyIn(src, src.length, srcPos, index, count, L); }

        /**
         * Copies {@code count} elements starting at {@code index} into {@code dst} starting at {@code dstPos}.
         *
         * @param index the first element to read
         * @param dst the destination
         * @param dstPos the first position of {@code dst} to write
         * @param count how many elements to copy
         * @throws IndexOutOfBoundsException if a range falls outside this array or {@code dst}
         */
        public void copyTo(int index, double[] dst, int dstPos, int count) { copyOut(index, dst, dst.length, dstPos, count, L); }

        /** {@return a copy of all elements} */
        public double[] toArray() {
            double[] a = new double[length];
            copyTo(0, a, 0, length);
            return a;
        }

        @Override char kind() { return 'd'; }
    }

    /** Shared {@code byte}s. */
    public static final class OfByte extends SharedArray {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final ValueLayout.OfByte L = ValueLayout.JAVA_BYTE;

        OfByte(Segment s, int mode, Lock given, int length) { super(s, mode, given, length, 1); }

        OfByte init(byte[] values) { copyFrom(values); return this; }

        /**
         * Returns element {@code i}.
         *
         * @param i the index
         * @return the element
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public byte get(int i) {
            long o = at(i, 1);
            acquire();
            try { return (byte) BYTE.getVolatile(mem, o); } finally { release(); }
        }

        /**
         * Sets element {@code i}.
         *
         * @param i the index
         * @param v the new value
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public void set(int i, byte v) {
            long o = at(i, 1);
            acquire();
            try { BYTE.setVolatile(mem, o, v); } finally { release(); }
        }

        /**
         * Adds {@code delta} to element {@code i} atomically (wrapping on overflow).
         *
         * @param i the index
         * @param delta the amount to add
         * @return the previous value
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public byte getAndAdd(int i, byte delta) {
            long o = at(i, 1);
            acquire();
            try { return ByteAtomics.getAndAdd(mem, o, delta); } finally { release(); }
        }

        /**
         * Sets element {@code i} to {@code value} atomically if it is {@code expected}.
         *
         * @param i the index
         * @param expected the value the element must have
         * @param value the new value
         * @return true if the element was set, false if it was not {@code expected}
         * @throws IndexOutOfBoundsException if {@code i} is out of bounds
         */
        public boolean compareAndSet(int i, byte expected, byte value) {
            long o = at(i, 1);
            acquire();
            try { return ByteAtomics.compareAndSet(mem, o, expected, value); } finally { release(); }
        }

        /**
         * Copies all of {@code src} to elements {@code 0 .. src.length - 1}.
         *
         * @param src the values
         * @throws IndexOutOfBoundsException if {@code src} is longer than this array
         */
        public void copyFrom(byte[] src) { copyIn(src, src.length, 0, 0, src.length, L); }

        /**
         * Copies {@code count} values from {@code src} starting at {@code srcPos} to the elements starting at
         * {@code index}.
         *
         * @param src the values
         * @param srcPos the first value to copy
         * @param index the first element to write
         * @param count how many values to copy
         * @throws IndexOutOfBoundsException if a range falls outside {@code src} or this array
         */
        public void copyFrom(byte[] src, int srcPos, int index, int count) { copyIn(src, src.length, srcPos, index, count, L); }

        /**
         * Copies {@code count} elements starting at {@code index} into {@code dst} starting at {@code dstPos}.
         *
         * @param index the first element to read
         * @param dst the destination
         * @param dstPos the first position of {@code dst} to write
         * @param count how many elements to copy
         * @throws IndexOutOfBoundsException if a range falls outside this array or {@code dst}
         */
        public void copyTo(int index, byte[] dst, int dstPos, int count) { copyOut(index, dst, dst.length, dstPos, count, L); }

        /** {@return a copy of all elements} */
        public byte[] toArray() {
            byte[] a = new byte[length];
            copyTo(0, a, 0, length);
            return a;
        }

        @Override char kind() { return 'b'; }
    }
}
