package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

import org.multiprocessing4j.internal.shm.Pids;
import org.multiprocessing4j.internal.shm.Segment;

import static org.multiprocessing4j.internal.sync.Words.INT;
import static org.multiprocessing4j.internal.sync.Words.LONG;

/**
 * The waiter table of a shared condition: one slot per sleeping thread, so that {@code signal(n)} wakes exactly n
 * of the threads that were waiting when it was called, oldest first, and a timed-out waiter can never swallow a
 * signal meant for another.
 *
 * <p>Layout at {@code offset}: int {@code waiting} (slots in state WAITING), long {@code nextTicket}; from
 * {@code offset + 64}, {@link #SLOTS} slots of 16 bytes: int {@code state} (the futex word: FREE, WAITING,
 * SIGNALLED), int {@code pid}, long {@code ticket}. Slots are taken and signalled only under the condition's lock;
 * a waiter leaves its slot without the lock, by CAS, so signaller and timeout race on one word and exactly one
 * wins.
 */
public final class WaitSlots {
    public static final int SLOTS = 256;
    public static final long SIZE = 64 + SLOTS * 16L;
    static final int FREE = 0, WAITING = 1, SIGNALLED = 2;

    private final Segment segment;
    private final MemorySegment mem;
    private final long off;

    public WaitSlots(Segment segment, long offset) {
        this.segment = segment;
        this.mem = segment.memory();
        this.off = offset;
    }

    private long state(int slot) {
        return off + 64 + slot * 16L;
    }

    /** Takes a slot for the calling thread. Call with the condition's lock held. */
    public int enter() {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < SLOTS; i++) {
                long s = state(i);
                if ((int) INT.getVolatile(mem, s) == FREE) {
                    INT.set(mem, s + 4, Pids.SELF);
                    LONG.set(mem, s + 8, (long) LONG.getAndAdd(mem, off + 8, 1L));
                    if (INT.compareAndSet(mem, s, FREE, WAITING)) {
                        INT.getAndAdd(mem, off, 1);
                        return i;
                    }
                }
            }
            reclaimDead();
        }
        throw new IllegalStateException("more than " + SLOTS + " threads wait on one SharedCondition");
    }

    /** Frees slots of processes that died while waiting or before consuming their signal. */
    private void reclaimDead() {
        for (int i = 0; i < SLOTS; i++) {
            long s = state(i);
            int st = (int) INT.getVolatile(mem, s);
            if (st != FREE && !Pids.isAlive((int) INT.get(mem, s + 4)) && INT.compareAndSet(mem, s, st, FREE)) {
                if (st == WAITING) INT.getAndAdd(mem, off, -1);
            }
        }
    }

    /**
     * Sleeps in {@code slot} until signalled or the deadline passes. Returns true if signalled (the slot is then
     * freed), false if the wait ended without a signal (the slot withdrawn). {@code interruptible}: an interrupt
     * withdraws too (the interrupt stays pending for the caller to see).
     */
    public boolean sleep(int slot, long deadline, boolean interruptible) {
        long s = state(slot);
        long address = mem.address() + s;
        while (true) {
            if ((int) INT.getVolatile(mem, s) == SIGNALLED) {
                INT.setRelease(mem, s, FREE);
                return true;
            }
            long remaining = Words.remaining(deadline);
            if (remaining <= 0 || (interruptible && Thread.currentThread().isInterrupted())) {
                if (INT.compareAndSet(mem, s, WAITING, FREE)) {
                    INT.getAndAdd(mem, off, -1);
                    return false;
                }
                continue; // signalled meanwhile: take it
            }
            Futex.await(address, WAITING, remaining);
            Reference.reachabilityFence(segment);
        }
    }

    /** Wakes up to {@code n} waiters, oldest first; returns how many. Call with the condition's lock held. */
    public int signal(int n) {
        int woken = 0;
        while (woken < n && (int) INT.getVolatile(mem, off) > 0) {
            int best = -1;
            long bestTicket = Long.MAX_VALUE;
            for (int i = 0; i < SLOTS; i++) {
                long s = state(i);
                if ((int) INT.getVolatile(mem, s) == WAITING) {
                    long t = (long) LONG.get(mem, s + 8);
                    if (t < bestTicket) {
                        bestTicket = t;
                        best = i;
                    }
                }
            }
            if (best < 0) break;
            long s = state(best);
            if (!Pids.exists((int) INT.get(mem, s + 4))) {
                // Died waiting: a signal there would be lost. Free the slot and pick another.
                if (INT.compareAndSet(mem, s, WAITING, FREE)) INT.getAndAdd(mem, off, -1);
                continue;
            }
            if (INT.compareAndSet(mem, s, WAITING, SIGNALLED)) {
                INT.getAndAdd(mem, off, -1);
                Futex.wake(mem.address() + s, 1);
                Reference.reachabilityFence(segment);
                woken++;
            }
        }
        return woken;
    }

    public String segmentName() {
        return segment.name();
    }

    public long offset() {
        return off;
    }

    /** Threads currently waiting (not yet signalled). */
    public int waiting() {
        return (int) INT.getVolatile(mem, off);
    }
}
