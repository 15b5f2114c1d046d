package org.multiprocessing4j.managers;

import java.util.concurrent.TimeUnit;

/** A semaphore held by a manager — Python's {@code Manager().Semaphore()} and {@code BoundedSemaphore()}. */
public interface ManagedSemaphore {
    void acquire() throws InterruptedException;

    boolean tryAcquire();

    boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException;

    /** @throws IllegalStateException for a bounded semaphore released above its initial value */
    void release();

    int availablePermits();
}
