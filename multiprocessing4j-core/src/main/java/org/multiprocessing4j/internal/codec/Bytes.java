package org.multiprocessing4j.internal.codec;

/**
 * Big-endian ints and longs in byte arrays, with plain shifts rather than byte-array view var handles: a fresh
 * worker JVM runs its first thousands of messages interpreted, where a var-handle access costs a microsecond and a
 * shift a few nanoseconds (C2 merges the byte accesses once compiled).
 */
public final class Bytes {
    private Bytes() {}

    public static void putShort(byte[] b, int at, short v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    public static short getShort(byte[] b, int at) {
        return (short) ((b[at] & 0xff) << 8 | (b[at + 1] & 0xff));
    }

    public static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    public static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    public static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    public static long getLong(byte[] b, int at) {
        return (long) getInt(b, at) << 32 | (getInt(b, at + 4) & 0xffff_ffffL);
    }
}
