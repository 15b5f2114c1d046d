package org.multiprocessing4j.sync;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Futex;
import org.multiprocessing4j.internal.sync.Words;

import static org.multiprocessing4j.internal.sync.Words.INT;

/**
 * A counting semaphore shared by every process it is passed to — Python's {@code multiprocessing.Semaphore}.
 *
 * <p>{@code acquire} takes one permit, waiting while there is none; {@code release} returns one (any thread of any
 * process may release). Waiters sleep in the kernel (futex), no busy waiting; waking is not FIFO.
 *
 * <p><b>Timeouts and interruption:</b> {@link #tryAcquire(long, TimeUnit)} and {@link #tryAcquire(Duration)} bound
 * the wait; {@link #acquire()} and the timed forms throw {@link InterruptedException}, noticed within 50 ms.
 *
 * <p><b>Death of another process:</b> permits are not owned, so a permit taken by a process that dies before
 * releasing it is lost, as with CPython's POSIX semaphores. Guard work whose permits must survive a crash with a
 * {@link SharedLock} (which detects a dead holder) or restore the count in the recovery code.
 *
 * <p><b>Memory consistency effects:</b> actions before {@code release()} happen-before actions after an
 * {@code acquire} that takes that permit, in any process.
 */
public sealed class SharedSemaphore implements Serializable permits SharedBoundedSemaphore {
    @Serial
    private static final long serialVersionUID = 1L;
    static final long SIZE = 16;

    final transient Segment segment;
    final transient MemorySegment mem;
    final transient long off;

    /**
     * A semaphore with {@code permits} initial permits.
     *
     * @param permits the initial number of permits
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public SharedSemaphore(int permits) {
        this(permits, -1);
    }

    SharedSemaphore(int permits, int bound) {
        if (permits < 0) throw new IllegalArgumentException("initial value must be >= 0: " + permits);
        this.segment = Segment.managed(SIZE);
        this.mem = segment.memory();
        this.off = 0;
        INT.setVolatile(mem, off + 8, bound);
        INT.setVolatile(mem, off, permits);
    }

    SharedSemaphore(Segment segment, long offset) {
        this.segment = segment;
        this.mem = segment.memory();
        this.off = offset;
    }

    /**
     * Takes a permit, waiting as long as it takes.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        acquire(-1);
    }

    /**
     * Takes a permit if one is free now; never waits.
     *
     * @return true if a permit was taken
     */
    public boolean tryAcquire() {
        for (int c; (c = (int) INT.getVolatile(mem, off)) > 0; ) {
            if (INT.compareAndSet(mem, off, c, c - 1)) return true;
        }
        return false;
    }

    /**
     * Takes a permit, waiting at most the given time.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @param unit the unit of {@code timeout}
     * @return true if a permit was taken, false if none came in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return acquire(Math.max(0, unit.toNanos(timeout)));
    }

    /**
     * Takes a permit, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; zero or negative does not wait, more than a year waits forever
     * @return true if a permit was taken, false if none came in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return acquire(SharedCondition.nanos(timeout));
    }

    private boolean acquire(long nanos) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        if (tryAcquire()) return true;
        for (int i = 0; i < 100 && nanos != 0; i++) {
            Thread.onSpinWait();
            if (tryAcquire()) return true;
        }
        long deadline = Words.deadline(nanos);
        long address = mem.address() + off;
        INT.getAndAdd(mem, off + 4, 1); // announce before the last check, so release sees us or we see its permit
        try {
            while (true) {
                if (tryAcquire()) return true;
                if (Thread.interrupted()) throw new InterruptedException();
                long remaining = Words.remaining(deadline);
                if (remaining <= 0) return false;
                Futex.await(address, 0, remaining);
                Reference.reachabilityFence(segment);
            }
        } finally {
            INT.getAndAdd(mem, off + 4, -1);
        }
    }

    /**
     * Returns a permit and wakes a waiter, if any. Any thread of any process may release.
     *
     * @throws IllegalStateException for a {@link SharedBoundedSemaphore} already at its bound
     */
    public void release() {
        int bound = (int) INT.get(mem, off + 8);
        while (true) {
            int c = (int) INT.getVolatile(mem, off);
            if (bound >= 0 && c >= bound) {
                throw new IllegalStateException("BoundedSemaphore released too many times (value " + c + ")");
            }
            if (INT.compareAndSet(mem, off, c, c + 1)) break;
        }
        if ((int) INT.getVolatile(mem, off + 4) > 0) {
            Futex.wake(mem.address() + off, 1);
            Reference.reachabilityFence(segment);
        }
    }

    /** {@return the permits free now (Python's {@code get_value()}), a snapshot} */
    public int availablePermits() {
        return (int) INT.getVolatile(mem, off);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + segment.name() + ", value=" + availablePermits() + "]";
    }

    /**
     * Travels as a descriptor of its shared memory: the receiving process attaches to the same semaphore.
     *
     * @return the serialized form
     */
    @Serial
    Object writeReplace() {
        return new Ref(segment.name(), off, this instanceof SharedBoundedSemaphore);
    }

    /**
     * Refuses a stream that holds the object itself rather than its descriptor.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a shared semaphore travels as its descriptor");
    }

    private record Ref(String segment, long offset, boolean bounded) implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            Segment s = Attach.segment(segment, "SharedSemaphore");
            return bounded ? new SharedBoundedSemaphore(s, offset) : new SharedSemaphore(s, offset);
        }
    }
}
