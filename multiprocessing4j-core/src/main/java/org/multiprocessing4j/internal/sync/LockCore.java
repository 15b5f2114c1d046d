package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

import org.multiprocessing4j.internal.shm.Pids;
import org.multiprocessing4j.internal.shm.Segment;

import static org.multiprocessing4j.internal.sync.Words.INT;
import static org.multiprocessing4j.internal.sync.Words.LONG;

/**
 * A robust mutex in 24 bytes of shared memory, the core of both shared locks.
 *
 * <p>Layout at {@code offset}: int {@code word} (the futex word), long {@code ownerThread}, int {@code holds}.
 * {@code word} is 0 when free; otherwise the owner's pid, with bit 31 set when someone may sleep on it. Holding the
 * owner's pid in the futex word itself (not in a separate field) means there is no instant at which the lock is held
 * but its owner unknown, so a waiter can always tell whether the holder still lives and take the lock over
 * atomically (CAS from the dead owner's word to its own). Acquire: CAS 0→pid, then a short spin, then futex sleeps
 * of at most {@link Futex#SLICE_NANOS}. Release: exchange with 0, and a futex wake if the waiters bit was set.
 * {@code ownerThread} and {@code holds} are written only by the holder, before the release exchange.
 */
public final class LockCore {
    public static final int WAITERS = 0x80000000;
    public static final int PID_MASK = 0x3fffffff;
    public static final long SIZE = 24;
    public static final int ACQUIRED = 0, OWNER_DIED = 1, TIMED_OUT = 2;
    /** How long a contended acquire spins before sleeping; {@code -Dmultiprocessing4j.lockSpinNanos}. */
    private static final long SPIN_NANOS = Long.getLong("multiprocessing4j.lockSpinNanos", 20_000L);

    private final Segment segment;
    private final MemorySegment mem;
    private final long off;

    public LockCore(Segment segment, long offset) {
        this.segment = segment;
        this.mem = segment.memory();
        this.off = offset;
    }

    public Segment segment() {
        return segment;
    }

    public long offset() {
        return off;
    }

    public boolean tryAcquire() {
        return INT.compareAndSet(mem, off, 0, Pids.SELF);
    }

    /**
     * Acquires within {@code nanos} (negative: no limit). Returns {@link #ACQUIRED}, {@link #OWNER_DIED} (acquired
     * from a dead process) or {@link #TIMED_OUT}. When not {@code interruptible}, an interrupt is remembered and
     * re-asserted on return.
     */
    public int acquire(long nanos, boolean interruptible) throws InterruptedException {
        if (INT.compareAndSet(mem, off, 0, Pids.SELF)) return ACQUIRED;
        if (nanos != 0) {
            // Adaptive spin, bounded in time: a holder in another process usually releases within a short critical
            // section. A waiter that stays awake never sets the waiters bit, so releases stay free of syscalls;
            // once the spin is over it sleeps, and the holder pays one futex wake.
            long spinEnd = System.nanoTime() + Math.min(SPIN_NANOS, nanos < 0 ? Long.MAX_VALUE : nanos);
            for (int i = 1; ; i++) {
                Thread.onSpinWait();
                if ((int) INT.getVolatile(mem, off) == 0 && INT.compareAndSet(mem, off, 0, Pids.SELF)) return ACQUIRED;
                if ((i & 15) == 0 && System.nanoTime() - spinEnd > 0) break;
            }
        }
        long deadline = Words.deadline(nanos);
        long address = mem.address() + off;
        boolean interrupted = false;
        try {
            while (true) {
                int c = (int) INT.getVolatile(mem, off);
                if (c == 0) {
                    // Taken from the sleeping path: keep the waiters bit, others may still sleep.
                    if (INT.compareAndSet(mem, off, 0, Pids.SELF | WAITERS)) return ACQUIRED;
                    continue;
                }
                if ((c & WAITERS) == 0) {
                    if (!INT.compareAndSet(mem, off, c, c | WAITERS)) continue;
                    c |= WAITERS;
                }
                if (Thread.interrupted()) {
                    if (interruptible) throw new InterruptedException();
                    interrupted = true;
                }
                long remaining = Words.remaining(deadline);
                if (remaining <= 0) return TIMED_OUT;
                long slice = Math.min(remaining, Futex.SLICE_NANOS);
                long start = System.nanoTime();
                Futex.await(address, c, slice);
                Reference.reachabilityFence(segment);
                if (System.nanoTime() - start >= slice && (int) INT.getVolatile(mem, off) == c
                        && !Pids.isAlive(c & PID_MASK)
                        && INT.compareAndSet(mem, off, c, Pids.SELF | WAITERS)) {
                    return OWNER_DIED;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Releases whoever holds it; returns the previous word (0 means it was not locked, and nothing changed). */
    public int release() {
        LONG.setOpaque(mem, off + 8, 0L);
        int old = (int) INT.getAndSet(mem, off, 0);
        if ((old & WAITERS) != 0) {
            Futex.wake(mem.address() + off, 1);
            Reference.reachabilityFence(segment);
        }
        return old;
    }

    /** The holder's pid, or 0 when free. */
    public int ownerPid() {
        return (int) INT.getVolatile(mem, off) & PID_MASK;
    }

    public boolean isLocked() {
        return (int) INT.getVolatile(mem, off) != 0;
    }

    /** Marks the calling thread as holder (called right after an acquisition). */
    public void setOwnerThread(long threadId) {
        LONG.setOpaque(mem, off + 8, threadId);
    }

    public boolean isHeldByCurrentThread() {
        return ((int) INT.getVolatile(mem, off) & PID_MASK) == Pids.SELF
                && (long) LONG.getOpaque(mem, off + 8) == Thread.currentThread().threadId();
    }

    public int holds() {
        return (int) INT.get(mem, off + 16);
    }

    public void setHolds(int n) {
        INT.set(mem, off + 16, n);
    }
}
