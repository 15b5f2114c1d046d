package org.multiprocessing4j.internal.shm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import org.multiprocessing4j.internal.sync.Words;

/**
 * Atomic byte updates, which memory-segment var handles lack: a CAS on the aligned int that contains the byte
 * (little-endian on every Linux target this library supports).
 */
public final class ByteAtomics {
    private ByteAtomics() {}

    static {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) throw new ExceptionInInitializerError("big-endian");
    }

    /** {@code offset} must be relative to an int-aligned base of {@code mem}. */
    public static boolean compareAndSet(MemorySegment mem, long offset, byte expected, byte value) {
        long word = offset & ~3L;
        int shift = (int) (offset & 3) * 8;
        while (true) {
            int w = (int) Words.INT.getVolatile(mem, word);
            if ((byte) (w >>> shift) != expected) return false;
            int n = (w & ~(0xff << shift)) | ((value & 0xff) << shift);
            if (Words.INT.compareAndSet(mem, word, w, n)) return true;
        }
    }

    public static byte getAndAdd(MemorySegment mem, long offset, byte delta) {
        long word = offset & ~3L;
        int shift = (int) (offset & 3) * 8;
        while (true) {
            int w = (int) Words.INT.getVolatile(mem, word);
            byte old = (byte) (w >>> shift);
            int n = (w & ~(0xff << shift)) | (((old + delta) & 0xff) << shift);
            if (Words.INT.compareAndSet(mem, word, w, n)) return old;
        }
    }
}
