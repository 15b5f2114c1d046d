package org.multiprocessing4j.internal.codec;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized growable byte sink with big-endian primitive writes. */
public final class Buffer extends OutputStream {
    byte[] buf;
    int size;

    public Buffer(int capacity) {
        buf = new byte[capacity];
    }

    /** Room for {@code more} bytes (a long: an array's byte count may exceed an int). */
    void ensure(long more) {
        if (size + more > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + more);
            if (want > Integer.MAX_VALUE - 16) {
                if ((long) size + more > Integer.MAX_VALUE - 16) throw new OutOfMemoryError("message larger than 2 GiB");
                want = Integer.MAX_VALUE - 16;
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void writeInt(int v) {
        ensure(4);
        Bytes.putInt(buf, size, v);
        size += 4;
    }

    void writeLong(long v) {
        ensure(8);
        Bytes.putLong(buf, size, v);
        size += 8;
    }

    /** The bytes written; the buffer's own array when it is exactly full (then write no more to this buffer). */
    public byte[] toByteArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
}
