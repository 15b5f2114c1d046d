package org.multiprocessing4j.sync;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.LockCore;
import org.multiprocessing4j.internal.sync.WaitSlots;
import org.multiprocessing4j.internal.sync.Words;

import static org.multiprocessing4j.internal.sync.Words.INT;

/**
 * A cyclic barrier for a fixed number of parties in any processes — Python's {@code multiprocessing.Barrier}.
 *
 * <p>Each party calls {@link #await()}; when the last arrives, the optional action runs in the last party's thread,
 * then all are released and the barrier is ready for the next round. {@code await} returns the arrival index, 0 for
 * the first to arrive, as Python's {@code wait()} does.
 *
 * <p><b>Broken state</b> (as in Python and {@link java.util.concurrent.CyclicBarrier}): a timeout, an interrupt, an
 * exception from the action or {@link #abort()} breaks the barrier: every waiting party and every later
 * {@code await} gets {@link BrokenBarrierException} until {@link #reset()}. A reset while parties wait also releases
 * them with {@link BrokenBarrierException}.
 *
 * <p><b>Timeouts and interruption:</b> a party that waits longer than its timeout (or the barrier's default timeout)
 * breaks the barrier and gets {@link TimeoutException}; an interrupt (noticed within 50 ms) breaks it and throws
 * {@link InterruptedException}.
 *
 * <p><b>Death of another process:</b> a party that dies before arriving never arrives; give waits a timeout. A
 * party that dies while holding the barrier's internal lock is recovered from by the lock.
 *
 * <p><b>Memory consistency effects:</b> actions before {@code await} happen-before the action, which
 * happens-before the return from {@code await} in every party of that round.
 */
public final class SharedBarrier implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final int FILLING = 0, DRAINING = 1, RESETTING = -1, BROKEN = -2;
    private static final long STATE = 32, COUNT = 36, SLOTS = 64;

    private final transient Segment segment;
    private final transient MemorySegment mem;
    private final transient SharedLock lock;
    private final transient SharedCondition cond;
    /** How many parties must arrive. */
    private final int parties;
    /** Run by the last party to arrive, or null. */
    private final SerializableRunnable action;
    /** The timeout of {@link #await()}, or null for none. */
    private final Duration defaultTimeout;

    /**
     * A barrier for {@code parties} parties, no action, no default timeout.
     *
     * @param parties how many must arrive, at least 1
     * @throws IllegalArgumentException if {@code parties} is not positive
     */
    public SharedBarrier(int parties) {
        this(parties, null, null);
    }

    /**
     * A barrier for {@code parties} parties with an action and a default timeout.
     *
     * @param parties        how many must arrive, at least 1
     * @param action         run by the last party to arrive, before any is released; null for none. It travels to
     *                       other processes with the barrier, so it must be serializable.
     * @param defaultTimeout for {@link #await()}; null for no limit
     * @throws IllegalArgumentException if {@code parties} is not positive
     */
    public SharedBarrier(int parties, SerializableRunnable action, Duration defaultTimeout) {
        this(Segment.managed(SLOTS + WaitSlots.SIZE), parties, action, defaultTimeout);
    }

    private SharedBarrier(Segment segment, int parties, SerializableRunnable action, Duration defaultTimeout) {
        if (parties <= 0) throw new IllegalArgumentException("parties must be > 0: " + parties);
        this.segment = segment;
        this.mem = segment.memory();
        this.lock = new SharedLock(new LockCore(segment, 0));
        this.cond = new SharedCondition(lock, new WaitSlots(segment, SLOTS));
        this.parties = parties;
        this.action = action;
        this.defaultTimeout = defaultTimeout;
    }

    /** {@return how many parties must arrive} */
    public int parties() {
        return parties;
    }

    /**
     * Waits until all parties have arrived, at most the barrier's default timeout.
     *
     * @return the arrival index, 0 for the first party
     * @throws InterruptedException if interrupted while waiting; the barrier is then broken
     * @throws BrokenBarrierException if the barrier is or becomes broken, or is reset, while waiting
     * @throws TimeoutException if the timeout passes first; the barrier is then broken
     */
    public int await() throws InterruptedException, BrokenBarrierException, TimeoutException {
        return await(defaultTimeout);
    }

    /**
     * Waits until all parties have arrived, at most {@code timeout}.
     *
     * @param timeout how long to wait; null for no limit
     * @return the arrival index, 0 for the first party
     * @throws InterruptedException if interrupted while waiting; the barrier is then broken
     * @throws BrokenBarrierException if the barrier is or becomes broken, or is reset, while waiting
     * @throws TimeoutException if the timeout passes first; the barrier is then broken
     */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        long deadline = Words.deadline(timeout == null ? -1 : SharedCondition.nanos(timeout));
        lock.lockInterruptibly();
        try {
            // A previous round still draining, or a reset in progress: wait until it is over.
            while (state() == DRAINING || state() == RESETTING) waitOrBreak(deadline);
            if (state() == BROKEN) throw new BrokenBarrierException();
            int index = count();
            setCount(index + 1);
            try {
                if (index + 1 == parties) {
                    release();
                } else {
                    while (state() == FILLING) waitOrBreak(deadline);
                    if (state() < 0) throw new BrokenBarrierException();
                }
                return index;
            } finally {
                setCount(count() - 1);
                if (count() == 0 && (state() == RESETTING || state() == DRAINING)) {
                    setState(FILLING);
                    cond.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void waitOrBreak(long deadline) throws InterruptedException, TimeoutException {
        long remaining = Words.remaining(deadline);
        if (remaining <= 0) {
            breakBarrier();
            throw new TimeoutException("barrier wait timed out");
        }
        try {
            if (remaining == Long.MAX_VALUE) cond.await();
            else cond.awaitNanos(remaining);
        } catch (InterruptedException e) {
            breakBarrier();
            throw e;
        }
    }

    private void release() throws BrokenBarrierException {
        try {
            if (action != null) action.run();
        } catch (RuntimeException | Error e) {
            breakBarrier();
            throw e;
        }
        setState(DRAINING);
        cond.signalAll();
    }

    /** Breaks the barrier: waiting and future parties get {@link BrokenBarrierException} until {@link #reset()}. */
    public void abort() {
        lock.lock();
        try {
            breakBarrier();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the barrier to its initial state; parties waiting now get {@link BrokenBarrierException}. */
    public void reset() {
        lock.lock();
        try {
            if (count() > 0) {
                if (state() == FILLING || state() == BROKEN) setState(RESETTING);
            } else {
                setState(FILLING);
            }
            cond.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void breakBarrier() {
        setState(BROKEN);
        cond.signalAll();
    }

    /** {@return true if the barrier is broken} */
    public boolean isBroken() {
        return (int) INT.getVolatile(mem, STATE) == BROKEN;
    }

    /** {@return the parties waiting in the current round (Python's {@code n_waiting}), a snapshot} */
    public int numberWaiting() {
        return (int) INT.getVolatile(mem, STATE) == FILLING ? (int) INT.getVolatile(mem, COUNT) : 0;
    }

    private int state() {
        return (int) INT.getVolatile(mem, STATE);
    }

    private void setState(int s) {
        INT.setVolatile(mem, STATE, s);
    }

    private int count() {
        return (int) INT.getVolatile(mem, COUNT);
    }

    private void setCount(int c) {
        INT.setVolatile(mem, COUNT, c);
    }

    @Override
    public String toString() {
        return "SharedBarrier[" + segment.name() + ", parties=" + parties + ", waiting=" + numberWaiting()
                + (isBroken() ? ", broken]" : "]");
    }

    /**
     * Travels as a descriptor of its shared memory: the receiving process attaches to the same barrier.
     *
     * @return the serialized form
     */
    @Serial
    private Object writeReplace() {
        return new Ref(segment.name(), parties, action, defaultTimeout);
    }

    /**
     * Refuses a stream that holds the object itself rather than its descriptor.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("SharedBarrier travels as its descriptor");
    }

    private record Ref(String segment, int parties, SerializableRunnable action, Duration timeout)
            implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            return new SharedBarrier(Attach.segment(segment, "SharedBarrier"), parties, action, timeout);
        }
    }
}
