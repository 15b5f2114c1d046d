package org.multiprocessing4j.shm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.locks.Lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.sync.Children;
import org.multiprocessing4j.sync.SharedLock;
import org.multiprocessing4j.sync.SharedReentrantLock;
import org.multiprocessing4j.sync.ShmLeakCheck;

/** Ports CPython's {@code _TestValue} and {@code _TestArray}. */
@ExtendWith(ShmLeakCheck.class)
@Timeout(60)
class SharedValueArrayTest {

    static void modifyValues(SharedValue.OfInt i, SharedValue.OfDouble d, SharedValue.OfLong l, SharedValue.OfByte b) {
        i.set(i.get() * 2);
        d.set(d.get() * 2);
        l.getAndAdd(1L << 40);
        b.set((byte) 'c');
    }

    @Test
    void childSeesAndChangesValues() throws Exception {
        for (boolean raw : new boolean[] {false, true}) {
            SharedValue.OfInt i = raw ? SharedValue.rawInt(25) : SharedValue.ofInt(25);
            SharedValue.OfDouble d = raw ? SharedValue.rawDouble(3.625) : SharedValue.ofDouble(3.625);
            SharedValue.OfLong l = raw ? SharedValue.rawLong(-1L << 33) : SharedValue.ofLong(-1L << 33);
            SharedValue.OfByte b = raw ? SharedValue.rawByte((byte) 'x') : SharedValue.ofByte((byte) 'x');
            assertEquals(25, i.get());
            assertEquals(3.625, d.get());
            assertEquals(-1L << 33, l.get());
            assertEquals('x', b.get());
            try (Children children = new Children()) {
                JvmProcess p = children.start(() -> modifyValues(i, d, l, b));
                Children.joinOk(p);
            }
            assertEquals(50, i.get());
            assertEquals(7.25, d.get());
            assertEquals((-1L << 33) + (1L << 40), l.get());
            assertEquals('c', b.get());
        }
    }

    @Test
    void atomicsAndLocks() throws Exception {
        SharedValue.OfInt v = SharedValue.ofInt(0);
        assertTrue(v.isSynchronized());
        assertInstanceOf(SharedReentrantLock.class, v.lock());
        assertEquals(0, v.getAndAdd(5));
        assertTrue(v.compareAndSet(5, 7));
        assertFalse(v.compareAndSet(5, 9));
        assertEquals(7, v.get());
        SharedLock given = new SharedLock();
        SharedValue.OfDouble d = SharedValue.ofDouble(1.0, given);
        assertSame(given, d.lock());
        assertEquals(1.0, d.getAndAdd(0.5));
        assertEquals(1.5, d.get());
        given.lock();
        try {
            Thread t = Thread.ofPlatform().start(() -> d.set(9)); // blocks: every access takes the lock
            t.join(200);
            assertTrue(t.isAlive());
            assertEquals(1.5, (double) SharedValue.DOUBLE.getVolatile(d.mem, SharedValue.DATA));
            given.unlock();
            t.join(10_000);
            assertEquals(9.0, d.get());
        } finally {
            if (given.isLocked()) given.unlock();
        }
        SharedValue.OfByte raw = SharedValue.rawByte((byte) 127);
        assertFalse(raw.isSynchronized());
        assertThrows(UnsupportedOperationException.class, raw::lock);
        assertEquals(127, raw.getAndAdd((byte) 1));
        assertEquals(-128, raw.get());
        assertTrue(raw.compareAndSet((byte) -128, (byte) 3));
        assertThrows(IllegalArgumentException.class, () -> SharedValue.ofInt(0, new java.util.concurrent.locks.ReentrantLock()));
    }

    @Test
    void serializedValueKeepsItsLockAndMemory() throws Exception {
        SharedValue.OfLong v = SharedValue.ofLong(41);
        SharedValue.OfLong copy = org.multiprocessing4j.sync.RoundTrip.of(v);
        copy.getAndAdd(1);
        assertEquals(42, v.get());
        v.lock().lock();
        assertTrue(((SharedReentrantLock) copy.lock()).isHeldByCurrentThread());
        v.lock().unlock();
    }

    static void squareAll(SharedArray.OfInt a) {
        Lock l = a.lock();
        l.lock();
        try {
            for (int i = 0; i < a.length(); i++) a.set(i, a.get(i) * a.get(i));
        } finally {
            l.unlock();
        }
    }

    @Test
    void childChangesAnArray() throws Exception {
        int[] init = {3, 1, 4, 1, 5, 9, 2, 6};
        SharedArray.OfInt a = SharedArray.ofInts(init);
        assertEquals(init.length, a.length());
        int sum = 0;
        for (int i = 0; i < a.length(); i++) sum += a.get(i);
        assertEquals(31, sum);
        try (Children children = new Children()) {
            Children.joinOk(children.start(() -> squareAll(a)));
        }
        assertArrayEquals(new int[] {9, 1, 16, 1, 25, 81, 4, 36}, a.toArray());
    }

    @Test
    void arraysFromSizeStartZeroedAndCopyInBulk() {
        SharedArray.OfDouble d = SharedArray.rawDoubles(1000);
        assertFalse(d.isSynchronized());
        assertThrows(UnsupportedOperationException.class, d::lock);
        for (int i = 0; i < 1000; i++) assertEquals(0.0, d.get(i));
        double[] src = new double[1000];
        for (int i = 0; i < src.length; i++) src[i] = i * 0.25;
        d.copyFrom(src);
        assertArrayEquals(src, d.toArray());
        double[] part = new double[10];
        d.copyTo(500, part, 2, 5);
        assertEquals(125.0, part[2]);
        assertEquals(126.0, part[6]);
        assertEquals(0.0, part[7]);
        assertEquals(8000, d.segment().byteSize());
        assertThrows(IndexOutOfBoundsException.class, () -> d.get(1000));
        assertThrows(IndexOutOfBoundsException.class, () -> d.copyFrom(src, 0, 1, 1000));
        SharedArray.OfLong l = SharedArray.ofLongs(3);
        assertEquals(0, l.getAndAdd(2, 7));
        assertTrue(l.compareAndSet(2, 7, 8));
        assertArrayEquals(new long[] {0, 0, 8}, l.toArray());
        SharedArray.OfByte b = SharedArray.ofBytes("hello".getBytes());
        b.set(0, (byte) 'j');
        assertEquals('e', b.getAndAdd(1, (byte) 3));
        assertEquals("jhllo", new String(b.toArray()));
        SharedArray.OfInt empty = SharedArray.rawInts(0);
        assertEquals(0, empty.toArray().length);
        assertThrows(IllegalArgumentException.class, () -> SharedArray.rawInts(-1));
    }
}
