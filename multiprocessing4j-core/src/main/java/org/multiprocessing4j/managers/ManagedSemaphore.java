package org.multiprocessing4j.managers;

import java.util.concurrent.TimeUnit;

/**
 * A semaphore held by a manager — Python's {@code Manager().Semaphore()} and {@code BoundedSemaphore()}. Every
 * method throws {@link ManagerException} if the manager has ended or cannot be reached; a permit taken by a process
 * that dies is lost.
 */
public interface ManagedSemaphore {
    /**
     * Takes a permit, waiting as long as it takes.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    void acquire() throws InterruptedException;

    /**
     * Takes a permit if one is free now; never waits for one.
     *
     * @return true if a permit was taken
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    boolean tryAcquire();

    /**
     * Takes a permit, waiting at most the given time.
     *
     * @param timeout how long to wait
     * @param unit the unit of {@code timeout}
     * @return true if a permit was taken, false if none came in time
     * @throws InterruptedException if interrupted while waiting
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Returns a permit and wakes a waiter, if any. Any thread of any process may release.
     *
     * @throws IllegalStateException for a bounded semaphore released above its initial value
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    void release();

    /**
     * {@return the number of free permits now}
     *
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    int availablePermits();
}
