package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

import org.multiprocessing4j.internal.shm.Pids;
import org.multiprocessing4j.internal.shm.Segment;

import static org.multiprocessing4j.internal.sync.Words.INT;

/**
 * A robust mutex in 24 bytes of shared memory, the core of both shared locks.
 *
 * <p>Layout at {@code offset}: int {@code word} (the futex word), then 20 bytes kept free. {@code word} is 0 when
 * free; otherwise the owner's pid, with bit 31 set when someone may sleep on it. Holding the
 * owner's pid in the futex word itself (not in a separate field) means there is no instant at which the lock is held
 * but its owner unknown, so a waiter can always tell whether the holder still lives and take the lock over
 * atomically (CAS from the dead owner's word to its own). Acquire: CAS 0→pid, then a short spin, then futex sleeps
 * of at most {@link Futex#SLICE_NANOS}. Release: exchange with 0, and a futex wake if the waiters bit was set.
 *
 * <p>The owning thread and the hold count mean something only inside the owning process, so they live in this
 * JVM's memory ({@link Owner}, one per lock and JVM), not in the shared line: the holder's bookkeeping then never
 * takes the lock's cache line away from a process spinning on it, and the line moves only when the word changes.
 */
public final class LockCore {
    public static final int WAITERS = 0x80000000;
    public static final int PID_MASK = 0x3fffffff;
    public static final long SIZE = 24;
    public static final int ACQUIRED = 0, OWNER_DIED = 1, TIMED_OUT = 2;
    /** How long a contended acquire spins before sleeping; {@code -Dmultiprocessing4j.lockSpinNanos}. */
    private static final long SPIN_NANOS = Long.getLong("multiprocessing4j.lockSpinNanos", 20_000L);
    /** A spin budget below this is no spin. */
    private static final int SPIN_MIN_NANOS = 500;
    /** The longest pause between two looks at the word while spinning; {@code -Dmultiprocessing4j.lockSpinPauses}. */
    private static final int SPIN_PAUSES_MAX = Integer.getInteger("multiprocessing4j.lockSpinPauses", 32);

    private final Segment segment;
    private final MemorySegment mem;
    private final long off;
    private final Owner owner;

    /**
     * The holder's side of the lock in this JVM. {@code thread} is written by the acquiring thread (opaque: other
     * threads of this process read it to learn that they do not hold the lock); {@code holds} is touched only by the
     * holder.
     */
    private static final class Owner {
        private static final java.lang.invoke.VarHandle THREAD;

        static {
            try {
                THREAD = java.lang.invoke.MethodHandles.lookup().findVarHandle(Owner.class, "thread", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // through THREAD
        private long thread;
        private int holds;
        /** The current spin budget of waiters of this JVM (racy by design: a heuristic). */
        private int spinNanos = (int) SPIN_NANOS;
    }

    public LockCore(Segment segment, long offset) {
        this.segment = segment;
        this.mem = segment.memory();
        this.off = offset;
        this.owner = segment.local(offset, Owner::new);
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
            // Adaptive spin (as HotSpot's monitors and glibc's adaptive mutexes): a holder in another process often
            // releases within a short critical section, and a waiter that stays awake spares it a futex wake. But a
            // holder that re-acquires at once (a tight loop) is never caught by spinning, which then only steals its
            // cache line: so the spin budget of this lock, in this JVM, doubles after a spin that succeeded and
            // halves after one that failed. Each look takes the line from the holder: look less and less often.
            int budget = owner.spinNanos;
            if (budget >= SPIN_MIN_NANOS) {
                long spinEnd = System.nanoTime() + Math.min(budget, nanos < 0 ? Long.MAX_VALUE : nanos);
                for (int pauses = 1; ; pauses = Math.min(pauses << 1, SPIN_PAUSES_MAX)) {
                    for (int k = 0; k < pauses; k++) Thread.onSpinWait();
                    if ((int) INT.getVolatile(mem, off) == 0 && INT.compareAndSet(mem, off, 0, Pids.SELF)) {
                        owner.spinNanos = (int) Math.min(SPIN_NANOS, 2L * budget);
                        return ACQUIRED;
                    }
                    if (System.nanoTime() - spinEnd > 0) break;
                }
                // below SPIN_MIN_NANOS: no spin; a sleep that ends with the lock regrows it. (Not written when no spin
                // was tried: the holder's bookkeeping in this JVM shares the Owner.)
                owner.spinNanos = budget / 2;
            }
        }
        long deadline = Words.deadline(nanos);
        long address = mem.address() + off;
        boolean interrupted = false;
        try {
            while (true) {
                int c = (int) INT.getVolatile(mem, off);
                if (c == 0) {
                    // Taken from the sleeping path: keep the waiters bit, others may still sleep. The lock was free
                    // when looked at after a wake-up: spinning may pay off again.
                    if (INT.compareAndSet(mem, off, 0, Pids.SELF | WAITERS)) {
                        if (owner.spinNanos < SPIN_MIN_NANOS) owner.spinNanos = SPIN_MIN_NANOS;
                        return ACQUIRED;
                    }
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
        Owner.THREAD.setOpaque(owner, 0L);
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
        Owner.THREAD.setOpaque(owner, threadId);
    }

    public boolean isHeldByCurrentThread() {
        return (long) Owner.THREAD.getOpaque(owner) == Thread.currentThread().threadId()
                && ((int) INT.getVolatile(mem, off) & PID_MASK) == Pids.SELF;
    }

    /** The holder's hold count (reentrant locks); meaningful to the holding thread only. */
    public int holds() {
        return owner.holds;
    }

    public void setHolds(int n) {
        owner.holds = n;
    }
}
