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
 * A flag that threads of any process can wait for — Python's {@code multiprocessing.Event}.
 *
 * <p>{@link #set()} raises the flag and wakes every waiter; {@link #clear()} lowers it; {@link #await} returns at
 * once while it is raised. Waiters sleep in the kernel (futex).
 *
 * <p><b>Timeouts and interruption:</b> {@link #await(Duration)} returns the flag at the end of the wait (false on
 * timeout); interrupts are noticed within 50 ms and throw {@link InterruptedException}.
 *
 * <p><b>Death of another process</b> does not affect the event: a flag set stays set.
 *
 * <p><b>Memory consistency effects:</b> actions before {@code set()} happen-before actions after an {@code await}
 * that returns true because of it, in any process.
 */
public final class SharedEvent implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Segment segment;
    private final transient MemorySegment mem;

    /** A new event, not set. */
    public SharedEvent() {
        this(Segment.managed(8));
    }

    private SharedEvent(Segment segment) {
        this.segment = segment;
        this.mem = segment.memory();
    }

    /** {@return true if the flag is raised} */
    public boolean isSet() {
        return (int) INT.getVolatile(mem, 0L) != 0;
    }

    /** Raises the flag and wakes every waiter. */
    public void set() {
        INT.setVolatile(mem, 0L, 1);
        if ((int) INT.getVolatile(mem, 4L) > 0) {
            Futex.wake(mem.address(), Integer.MAX_VALUE);
            Reference.reachabilityFence(segment);
        }
    }

    /** Lowers the flag. */
    public void clear() {
        INT.setVolatile(mem, 0L, 0);
    }

    /**
     * Waits, without a timeout, until the flag is raised.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void await() throws InterruptedException {
        awaitCore(-1);
    }

    /**
     * Waits at most {@code timeout} for the flag to be raised.
     *
     * @param timeout how long to wait; zero or negative does not wait, more than a year waits forever
     * @return the flag: false on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return awaitCore(SharedCondition.nanos(timeout));
    }

    /**
     * Waits at most the given time for the flag to be raised.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @param unit the unit of {@code timeout}
     * @return the flag: false on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return awaitCore(Math.max(0, unit.toNanos(timeout)));
    }

    private boolean awaitCore(long nanos) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        if (isSet()) return true;
        long deadline = Words.deadline(nanos);
        INT.getAndAdd(mem, 4L, 1);
        try {
            while (true) {
                if (isSet()) return true;
                if (Thread.interrupted()) throw new InterruptedException();
                long remaining = Words.remaining(deadline);
                if (remaining <= 0) return false;
                Futex.await(mem.address(), 0, remaining);
                Reference.reachabilityFence(segment);
            }
        } finally {
            INT.getAndAdd(mem, 4L, -1);
        }
    }

    @Override
    public String toString() {
        return "SharedEvent[" + segment.name() + (isSet() ? ", set]" : ", unset]");
    }

    /**
     * Travels as a descriptor of its shared memory: the receiving process attaches to the same event.
     *
     * @return the serialized form
     */
    @Serial
    private Object writeReplace() {
        return new Ref(segment.name());
    }

    /**
     * Refuses a stream that holds the object itself rather than its descriptor.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("SharedEvent travels as its descriptor");
    }

    private record Ref(String segment) implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            return new SharedEvent(Attach.segment(segment, "SharedEvent"));
        }
    }
}
