package org.multiprocessing4j.sync;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.LockCore;

/**
 * A non-reentrant lock shared by every process it is passed to — Python's {@code multiprocessing.Lock}.
 *
 * <p>The lock is a word in shared memory; passing the object to a child process (it is {@link Serializable})
 * attaches the child to the same word. Any thread of any process may release it, as in Python; releasing a lock
 * that is not locked throws {@link IllegalMonitorStateException}. The same thread acquiring it twice deadlocks
 * (or times out), as in Python.
 *
 * <p><b>Waiting.</b> An uncontended acquire is one compare-and-set. A contended one spins briefly, then sleeps in the
 * kernel (futex) — no busy waiting. {@link #lock()} ignores interrupts (re-asserting the flag on return);
 * {@link #lockInterruptibly()} and {@link #tryLock(long, TimeUnit)} throw {@link InterruptedException}, noticed
 * within 50 ms.
 *
 * <p><b>Death of the holder.</b> If the process holding the lock dies, a process blocked in {@code lock},
 * {@code lockInterruptibly} or a timed {@code tryLock} takes the lock over at the end of its current 50 ms sleep
 * slice and {@link #previousOwnerDied()} then returns true for that acquisition, so the new holder can repair
 * whatever the lock protects. A non-blocking {@link #tryLock()} does not take over. Limits: a dead holder's pid reused by an
 * unrelated process in the meantime looks alive; a thread of a live process that never unlocks is not detected.
 *
 * <p><b>Lifetime.</b> The shared word lives in {@code /dev/shm}, unlinked when the creating object is garbage
 * collected or its JVM exits (or, after a crash, by the next JVM's resource tracker). Keep the creating object
 * reachable until every child has received its copy.
 *
 * <p><b>Memory consistency effects:</b> as for {@link java.util.concurrent.locks.ReentrantLock}, across processes:
 * actions before {@code unlock()} happen-before actions after a subsequent successful acquisition, for shared memory
 * ({@code SharedMemory}, {@code SharedValue}, {@code SharedArray}) as well as, within one JVM, ordinary fields.
 */
public final class SharedLock implements Lock, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient LockCore core;
    private transient boolean previousOwnerDied; // read by the holder only: its own acquisition wrote it

    /** A new, unlocked lock. */
    public SharedLock() {
        this(new LockCore(Segment.managed(LockCore.SIZE), 0));
    }

    SharedLock(LockCore core) {
        this.core = core;
    }

    @Override
    public void lock() {
        try {
            acquired(core.acquire(-1, false));
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquired(core.acquire(-1, true));
    }

    @Override
    public boolean tryLock() {
        if (!core.tryAcquire()) return false;
        acquired(LockCore.ACQUIRED);
        return true;
    }

    /**
     * Acquires within the timeout. A zero or negative timeout does not wait.
     *
     * @throws InterruptedException if interrupted while waiting (noticed within 50 ms)
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquired(core.acquire(Math.max(0, unit.toNanos(time)), true));
    }

    private boolean acquired(int result) {
        if (result == LockCore.TIMED_OUT) return false;
        core.setOwnerThread(Thread.currentThread().threadId());
        previousOwnerDied = result == LockCore.OWNER_DIED;
        return true;
    }

    /**
     * Releases the lock, whichever thread or process acquired it.
     *
     * @throws IllegalMonitorStateException if the lock is not locked
     */
    @Override
    public void unlock() {
        if (core.release() == 0) throw new IllegalMonitorStateException("unlock of an unlocked SharedLock");
    }

    /** A new {@link SharedCondition} bound to this lock. */
    @Override
    public SharedCondition newCondition() {
        return new SharedCondition(this);
    }

    /**
     * {@return true if the last acquisition through this object took the lock over from a process that died holding
     * it} Meaningful to the thread that holds the lock, until it releases it.
     */
    public boolean previousOwnerDied() {
        return previousOwnerDied;
    }

    /** {@return true if the lock is held by any thread of any process (a snapshot)} */
    public boolean isLocked() {
        return core.isLocked();
    }

    /** {@return true if the calling thread acquired the lock and it is still locked} */
    public boolean isHeldByCurrentThread() {
        return core.isHeldByCurrentThread();
    }

    /** {@return the pid of the process holding the lock, or 0 if it is free (a snapshot)} */
    public long ownerPid() {
        return core.ownerPid();
    }

    LockCore core() {
        return core;
    }

    /** Releases for a condition wait; returns what {@link #reacquireAfterWait} needs. */
    int releaseForWait() {
        if (!core.isHeldByCurrentThread()) throw new IllegalMonitorStateException("SharedLock not held by this thread");
        core.release();
        return 1;
    }

    void reacquireAfterWait(int saved) {
        lock();
    }

    @Override
    public String toString() {
        int owner = core.ownerPid();
        return "SharedLock[" + core.segment().name() + (owner == 0 ? ", unlocked]" : ", locked by pid " + owner + "]");
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
        throw new InvalidObjectException("SharedLock travels as its descriptor");
    }

    private record Ref(String segment, long offset) implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            return new SharedLock(new LockCore(Attach.segment(segment, "SharedLock"), offset));
        }
    }
}
