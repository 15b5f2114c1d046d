package org.multiprocessing4j.sync;

import java.io.Serial;

import org.multiprocessing4j.internal.shm.Segment;

/**
 * A {@link SharedSemaphore} that may not be released above its initial value — Python's
 * {@code multiprocessing.BoundedSemaphore}. An over-release throws {@link IllegalStateException} and changes nothing.
 * Everything else, including timeouts, interruption, the fate of permits held by a dead process and the memory
 * consistency effects, is as for {@link SharedSemaphore}.
 */
public final class SharedBoundedSemaphore extends SharedSemaphore {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A semaphore with {@code permits} permits, which is also the most it may ever hold.
     *
     * @param permits the initial and maximum number of permits
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public SharedBoundedSemaphore(int permits) {
        super(permits, permits);
    }

    SharedBoundedSemaphore(Segment segment, long offset) {
        super(segment, offset);
    }
}
