package org.multiprocessing4j.sync;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.LockCore;
import org.multiprocessing4j.internal.sync.SyncAccess;

/**
 * A reentrant lock shared by every process it is passed to — Python's {@code multiprocessing.RLock}.
 *
 * <p>The owner is a thread of a process (pid and thread id live in shared memory), with a hold count: the owner may
 * acquire again, and must release as many times. Only the owner may release; anyone else gets
 * {@link IllegalMonitorStateException}, as does releasing a lock that is not held.
 *
 * <p><b>Waiting, interruption and death of the holder</b> behave as for {@link SharedLock}: a brief spin then futex
 * sleeps; {@link #lock()} ignores interrupts, the interruptible forms notice them within 50 ms; when the holding
 * process dies, a blocked acquirer takes the lock over at the end of its current 50 ms sleep slice, with a hold
 * count of 1, and {@link #previousOwnerDied()} tells it so.
 *
 * <p><b>Memory consistency effects:</b> as for {@link java.util.concurrent.locks.ReentrantLock}, across processes.
 */
public final class SharedReentrantLock implements Lock, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient LockCore core;
    private transient boolean previousOwnerDied; // read by the holder only: its own acquisition wrote it

    static {
        SyncAccess.register((segment, offset) -> new SharedReentrantLock(new LockCore(segment, offset)));
    }

    /** A new, unlocked lock. */
    public SharedReentrantLock() {
        this(new LockCore(Segment.managed(LockCore.SIZE), 0));
    }

    SharedReentrantLock(LockCore core) {
        this.core = core;
    }

    /** Acquires, ignoring interrupts. */
    @Override
    public void lock() {
        if (reenter()) return;
        try {
            acquired(core.acquire(-1, false));
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        if (reenter()) return;
        acquired(core.acquire(-1, true));
    }

    @Override
    public boolean tryLock() {
        if (reenter()) return true;
        if (!core.tryAcquire()) return false;
        acquired(LockCore.ACQUIRED);
        return true;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        if (reenter()) return true;
        return acquired(core.acquire(Math.max(0, unit.toNanos(time)), true));
    }

    private boolean reenter() {
        if (!core.isHeldByCurrentThread()) return false;
        int h = core.holds();
        if (h == Integer.MAX_VALUE) throw new Error("maximum lock count exceeded");
        core.setHolds(h + 1);
        return true;
    }

    private boolean acquired(int result) {
        if (result == LockCore.TIMED_OUT) return false;
        core.setOwnerThread(Thread.currentThread().threadId());
        core.setHolds(1);
        previousOwnerDied = result == LockCore.OWNER_DIED;
        return true;
    }

    /**
     * Releases one hold; the last release frees the lock.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    @Override
    public void unlock() {
        if (!core.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("SharedReentrantLock not held by this thread");
        }
        int h = core.holds() - 1;
        core.setHolds(h);
        if (h == 0) core.release();
    }

    /** A new {@link SharedCondition} bound to this lock. */
    @Override
    public SharedCondition newCondition() {
        return new SharedCondition(this);
    }

    /**
     * {@return true if the last acquisition through this object took the lock over from a process that died holding
     * it} See {@link SharedLock#previousOwnerDied()}.
     */
    public boolean previousOwnerDied() {
        return previousOwnerDied;
    }

    /** {@return true if the lock is held by any thread of any process (a snapshot)} */
    public boolean isLocked() {
        return core.isLocked();
    }

    /** {@return true if the calling thread holds the lock} */
    public boolean isHeldByCurrentThread() {
        return core.isHeldByCurrentThread();
    }

    /** {@return the calling thread's hold count; 0 if it does not hold the lock} */
    public int getHoldCount() {
        return core.isHeldByCurrentThread() ? core.holds() : 0;
    }

    /** {@return the pid of the process holding the lock, or 0 if it is free (a snapshot)} */
    public long ownerPid() {
        return core.ownerPid();
    }

    int releaseForWait() {
        if (!core.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("SharedReentrantLock not held by this thread");
        }
        int h = core.holds();
        core.setHolds(0);
        core.release();
        return h;
    }

    void reacquireAfterWait(int holds) {
        lock();
        core.setHolds(holds);
    }

    @Override
    public String toString() {
        int owner = core.ownerPid();
        return "SharedReentrantLock[" + core.segment().name()
                + (owner == 0 ? ", unlocked]" : ", locked by pid " + owner + "]");
    }

    /**
     * Travels as a descriptor of its shared memory: the receiving process attaches to the same lock.
     *
     * @return the serialized form
     */
    @Serial
    private Object writeReplace() {
        return new Ref(core.segment().name(), core.offset());
    }

    /**
     * Refuses a stream that holds the object itself rather than its descriptor.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("SharedReentrantLock travels as its descriptor");
    }

    private record Ref(String segment, long offset) implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            return new SharedReentrantLock(new LockCore(Attach.segment(segment, "SharedReentrantLock"), offset));
        }
    }
}
