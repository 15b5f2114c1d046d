package org.multiprocessing4j.internal.queues;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Futex;
import org.multiprocessing4j.internal.sync.Words;

import static org.multiprocessing4j.internal.sync.Words.INT;

/**
 * A joinable queue's count of unfinished tasks, in the queue's segment: int {@code unfinished} (the futex word
 * joiners sleep on) and int {@code joiners} at the next word.
 */
public final class TaskCounter {
    private final Segment segment;
    private final MemorySegment mem;
    private final long off;

    TaskCounter(Segment segment, long offset) {
        this.segment = segment;
        this.mem = segment.memory();
        this.off = offset;
    }

    /** Counts one more unfinished task (before the item is published, so a task_done cannot overtake it). */
    public void add() {
        INT.getAndAdd(mem, off, 1);
    }

    /** One task done; false (and nothing changed) if none was unfinished. */
    public boolean done() {
        while (true) {
            int u = (int) INT.getVolatile(mem, off);
            if (u <= 0) return false;
            if (INT.compareAndSet(mem, off, u, u - 1)) {
                if (u == 1 && (int) INT.getVolatile(mem, off + 4) > 0) {
                    Futex.wake(mem.address() + off, Integer.MAX_VALUE);
                    Reference.reachabilityFence(segment);
                }
                return true;
            }
        }
    }

    public int unfinished() {
        return (int) INT.getVolatile(mem, off);
    }

    /** Waits until no task is unfinished; false on timeout ({@code nanos < 0}: no limit). */
    public boolean awaitZero(long nanos) throws InterruptedException {
        if (unfinished() == 0) return true;
        long deadline = Words.deadline(nanos);
        INT.getAndAdd(mem, off + 4, 1);
        try {
            while (true) {
                int u = unfinished();
                if (u == 0) return true;
                if (Thread.interrupted()) throw new InterruptedException();
                long remaining = Words.remaining(deadline);
                if (remaining <= 0) return false;
                Futex.await(mem.address() + off, u, remaining);
                Reference.reachabilityFence(segment);
            }
        } finally {
            INT.getAndAdd(mem, off + 4, -1);
        }
    }
}
