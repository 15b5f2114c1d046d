package org.multiprocessing4j.internal.shm;

import java.io.IOException;

import org.multiprocessing4j.internal.sync.Futex;
import org.multiprocessing4j.internal.sync.LockCore;
import org.multiprocessing4j.internal.sync.Words;

/**
 * What a warm spare rehearses while it idles, so that a task handed shared memory, a lock, an event or a queue does
 * not pay their first use in its own time: each native call (an FFM downcall is linked when first made), the
 * segment var handles and the classes behind them cost a fresh JVM 50–150 ms together, measured. Creates, attaches
 * and unlinks one small tracked segment; leaves nothing behind (a spare killed halfway leaves a tracked name, which
 * the next sweep removes).
 */
public final class SharedRehearsal {
    private SharedRehearsal() {}

    /** Never throws: it is only a rehearsal. Returns whether every step ran. */
    public static boolean run() {
        Segment created = null;
        try {
            created = Segment.explicit(null, 4096, true);
            Segment attached = Segment.attachExplicit(created.name()); // a child's decode attaches this way
            try {
                LockCore lock = new LockCore(attached, 0);
                if (lock.acquire(0, false) == LockCore.ACQUIRED) lock.release();
                Words.LONG.getAndAdd(attached.memory(), 64L, 1L);
                Words.INT.compareAndSet(attached.memory(), 128L, 0, 1);
                Futex.wake(attached.address() + 192, 1);
                Futex.await(attached.address() + 192, 1, 1_000); // the word is 0: returns at once
            } finally {
                attached.close();
            }
            Segment.attachManaged(created.name()); // how shared objects attach when decoded (unmapped when collected)
            return true;
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return false;
        } finally {
            if (created != null) {
                created.close();
                try {
                    created.unlink();
                } catch (IOException e) {
                    // only a rehearsal
                }
            }
        }
    }
}
