package org.multiprocessing4j.internal.sync;

import java.util.concurrent.locks.Lock;

import org.multiprocessing4j.internal.shm.Segment;

/**
 * Lets {@code org.multiprocessing4j.shm} place a {@code SharedReentrantLock} inside its own segment (next to the
 * value it guards, one cache line) without a public constructor that takes internal types.
 */
public final class SyncAccess {
    private SyncAccess() {}

    public interface LockFactory {
        Lock reentrantLockAt(Segment segment, long offset);
    }

    private static volatile LockFactory factory;

    public static void register(LockFactory f) {
        factory = f;
    }

    public static Lock reentrantLockAt(Segment segment, long offset) {
        if (factory == null) {
            try {
                Class.forName("org.multiprocessing4j.sync.SharedReentrantLock", true, SyncAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return factory.reentrantLockAt(segment, offset);
    }
}
