package org.multiprocessing4j.shm;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.Lock;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.LockCore;
import org.multiprocessing4j.internal.sync.SyncAccess;
import org.multiprocessing4j.sync.SharedLock;
import org.multiprocessing4j.sync.SharedReentrantLock;

/**
 * What {@link SharedValue} and {@link SharedArray} share: a managed segment with room for a reentrant lock at offset
 * 0, an optional lock, and the descriptor they travel as.
 */
abstract sealed class SharedStorage implements Serializable permits SharedValue, SharedArray {
    @Serial
    private static final long serialVersionUID = 1L;
    static final int RAW = 0, OWN_LOCK = 1, GIVEN_LOCK = 2;

    final transient Segment segment;
    final transient MemorySegment mem;
    final transient Lock lock;
    final transient int mode;

    SharedStorage(Segment segment, int mode, Lock given) {
        this.segment = segment;
        this.mem = segment.memory();
        this.mode = mode;
        this.lock = switch (mode) {
            case OWN_LOCK -> SyncAccess.reentrantLockAt(segment, 0);
            case GIVEN_LOCK -> checked(given);
            default -> null;
        };
    }

    static Segment newSegment(long dataBytes, long dataOffset) {
        return Segment.managed(Math.max(LockCore.SIZE, dataOffset + dataBytes));
    }

    private static Lock checked(Lock lock) {
        if (lock instanceof SharedLock || lock instanceof SharedReentrantLock) return lock;
        throw new IllegalArgumentException("a shared value needs a SharedLock or SharedReentrantLock, not " + lock);
    }

    /**
     * The lock that every access takes (Python's {@code get_lock()}); hold it around compound actions such as
     * read-modify-write.
     *
     * @return the lock
     * @throws UnsupportedOperationException for a raw value or array, which has none
     */
    public Lock lock() {
        if (lock == null) throw new UnsupportedOperationException("a raw shared value or array has no lock");
        return lock;
    }

    /**
     * {@return true if accesses take a lock (Python's {@code Value}/{@code Array}), false if raw
     * ({@code RawValue}/{@code RawArray})}
     */
    public boolean isSynchronized() {
        return lock != null;
    }

    final void acquire() {
        if (lock != null) lock.lock();
    }

    final void release() {
        if (lock != null) lock.unlock();
    }

    abstract char kind();

    long length0() {
        return 1;
    }

    @Serial
    final Object writeReplace() {
        return new Ref(kind(), this instanceof SharedArray, segment.name(), mode, mode == GIVEN_LOCK ? lock : null,
                length0());
    }

    private record Ref(char kind, boolean array, String segment, int mode, Lock given, long length)
            implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            Segment s;
            try {
                s = Segment.attachManaged(segment);
            } catch (IOException | RuntimeException e) {
                InvalidObjectException ioe = new InvalidObjectException("cannot attach shared "
                        + (array ? "array " : "value ") + segment + ": " + e.getMessage());
                ioe.initCause(e);
                throw ioe;
            }
            return array ? SharedArray.attached(kind, s, mode, given, (int) length)
                    : SharedValue.attached(kind, s, mode, given);
        }
    }
}
