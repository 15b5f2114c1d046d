package org.multiprocessing4j.sync;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.WaitSlots;
import org.multiprocessing4j.internal.sync.Words;

/**
 * A condition variable shared by every process it is passed to — Python's {@code multiprocessing.Condition}.
 *
 * <p>Bound to a {@link SharedLock} or {@link SharedReentrantLock} (a new reentrant one by default, as in Python),
 * which the caller must hold for every method here ({@link IllegalMonitorStateException} otherwise). Waiting releases
 * the lock completely (all holds of a reentrant lock) and takes it back before returning, also on timeout and
 * interruption. {@link #signal(int) signal(n)} wakes exactly {@code min(n, waiting)} of the threads waiting when it
 * is called, oldest first; waiters never wake spuriously. At most 256 threads (of all processes) may wait at once.
 *
 * <p><b>Timeouts and interruption:</b> every wait has a timed form; interrupts are noticed within 50 ms. A wait that
 * is interrupted before being signalled throws {@link InterruptedException} (after re-acquiring the lock); one
 * signalled first returns normally with the interrupt flag set.
 *
 * <p><b>Death of another process:</b> a waiter whose process died is skipped by {@code signal}, so the signal goes
 * to a live waiter; a process that dies holding the lock is handled by the lock (see
 * {@link SharedLock#previousOwnerDied()}).
 *
 * <p><b>Memory consistency effects:</b> those of the lock: actions before {@code signal} and the release of the lock
 * happen-before actions of the woken thread after it returns from {@code await}.
 */
public final class SharedCondition implements Condition, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Lock lock;
    private final transient WaitSlots slots;

    /** A condition with its own new {@link SharedReentrantLock}. */
    public SharedCondition() {
        this(new SharedReentrantLock());
    }

    /**
     * A condition bound to {@code lock}.
     *
     * @param lock the lock the caller must hold for every method here
     * @throws IllegalArgumentException unless the lock is a {@link SharedLock} or {@link SharedReentrantLock}
     */
    public SharedCondition(Lock lock) {
        this(checked(lock), new WaitSlots(Segment.managed(WaitSlots.SIZE), 0));
    }

    SharedCondition(Lock lock, WaitSlots slots) {
        this.lock = lock;
        this.slots = slots;
    }

    private static Lock checked(Lock lock) {
        if (lock instanceof SharedLock || lock instanceof SharedReentrantLock) return lock;
        throw new IllegalArgumentException("a SharedCondition needs a SharedLock or SharedReentrantLock, not " + lock);
    }

    /** {@return the lock this condition is bound to} */
    public Lock lock() {
        return lock;
    }

    @Override
    public void await() throws InterruptedException {
        awaitCore(-1, true);
    }

    @Override
    public void awaitUninterruptibly() {
        try {
            awaitCore(-1, false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, nanosTimeout);
        awaitCore(Math.max(0, nanosTimeout), true);
        return deadline - System.nanoTime();
    }

    /**
     * Waits until signalled or the time passes.
     *
     * @param time how long to wait; zero or negative does not wait
     * @param unit the unit of {@code time}
     * @return true if signalled, false if the time passed without a signal
     * @throws InterruptedException if interrupted before being signalled (the lock is re-acquired first)
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitCore(Math.max(0, unit.toNanos(time)), true);
    }

    /**
     * Waits until signalled or {@code timeout} passes — Python's {@code wait(timeout)}.
     *
     * @param timeout how long to wait; zero or negative does not wait, more than a year waits forever
     * @return true if signalled, false if the timeout passed
     * @throws InterruptedException if interrupted before being signalled (the lock is re-acquired first)
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return awaitCore(nanos(timeout), true);
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return awaitCore(Math.max(0, TimeUnit.MILLISECONDS.toNanos(deadline.getTime() - System.currentTimeMillis())), true);
    }

    /**
     * Python's {@code wait_for}: waits until {@code predicate} is true (evaluated with the lock held, first before
     * any wait). Returns the predicate's last value: false only if the timeout passed first.
     *
     * @param predicate the condition awaited, evaluated with the lock held
     * @param timeout how long to wait in all; null for no limit
     * @return the predicate's last value
     * @throws InterruptedException if interrupted before being signalled (the lock is re-acquired first)
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    public boolean awaitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        long deadline = Words.deadline(timeout == null ? -1 : nanos(timeout));
        boolean result = predicate.getAsBoolean();
        while (!result) {
            long remaining = Words.remaining(deadline);
            if (remaining <= 0) break;
            awaitCore(deadline == Long.MAX_VALUE ? -1 : remaining, true);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /**
     * {@link #awaitFor(BooleanSupplier, Duration)} without a time limit: returns once {@code predicate} is true.
     *
     * @param predicate the condition awaited, evaluated with the lock held
     * @throws InterruptedException if interrupted before being signalled (the lock is re-acquired first)
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    public void awaitFor(BooleanSupplier predicate) throws InterruptedException {
        awaitFor(predicate, null);
    }

    /** Wakes the longest-waiting thread, if any. */
    @Override
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} waiting threads, oldest first — Python's {@code notify(n)}.
     *
     * @param n the most threads to wake; zero or negative wakes none
     * @return how many were woken
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    public int signal(int n) {
        checkHeld();
        return n <= 0 ? 0 : slots.signal(n);
    }

    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /** {@return the threads of any process now waiting on this condition (a snapshot)} */
    public int waiting() {
        return slots.waiting();
    }

    private boolean awaitCore(long nanos, boolean interruptible) throws InterruptedException {
        checkHeld();
        if (interruptible && Thread.interrupted()) throw new InterruptedException();
        long deadline = Words.deadline(nanos);
        int slot = slots.enter();
        int saved = lock instanceof SharedLock l ? l.releaseForWait() : ((SharedReentrantLock) lock).releaseForWait();
        boolean signalled;
        try {
            signalled = slots.sleep(slot, deadline, interruptible);
        } finally {
            if (lock instanceof SharedLock l) l.reacquireAfterWait(saved);
            else ((SharedReentrantLock) lock).reacquireAfterWait(saved);
        }
        if (!signalled && interruptible && Thread.interrupted()) throw new InterruptedException();
        return signalled;
    }

    private void checkHeld() {
        boolean held = lock instanceof SharedLock l ? l.isHeldByCurrentThread()
                : ((SharedReentrantLock) lock).isHeldByCurrentThread();
        if (!held) throw new IllegalMonitorStateException("the condition's lock is not held by this thread");
    }

    static long nanos(Duration d) {
        return d.isNegative() ? 0 : d.compareTo(Duration.ofDays(365)) > 0 ? -1 : d.toNanos();
    }

    WaitSlots slots() {
        return slots;
    }

    @Override
    public String toString() {
        return "SharedCondition[" + lock + ", waiting=" + slots.waiting() + "]";
    }

    /**
     * Travels as a descriptor of its shared memory: the receiving process attaches to the same condition.
     *
     * @return the serialized form
     */
    @Serial
    private Object writeReplace() {
        return new Ref(lock, slots.segmentName(), slots.offset());
    }

    /**
     * Refuses a stream that holds the object itself rather than its descriptor.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("SharedCondition travels as its descriptor");
    }

    private record Ref(Lock lock, String segment, long offset) implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            return new SharedCondition(lock, new WaitSlots(Attach.segment(segment, "SharedCondition"), offset));
        }
    }
}
