package org.multiprocessing4j.managers;

import java.util.concurrent.TimeUnit;

/**
 * An event held by a manager — Python's {@code Manager().Event()}: a flag that threads of any processes holding the
 * proxy wait for. Every method throws {@link ManagerException} if the manager has ended or cannot be reached.
 */
public interface ManagedEvent {
    /**
     * Sets the flag and wakes every waiter.
     *
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    void set();

    /**
     * Clears the flag.
     *
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    void clear();

    /**
     * {@return true if the flag is set}
     *
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    boolean isSet();

    /**
     * Waits until the flag is set.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    void await() throws InterruptedException;

    /**
     * Waits at most the given time for the flag to be set.
     *
     * @param timeout how long to wait
     * @param unit the unit of {@code timeout}
     * @return the flag: true if it is set, false if the time passed first
     * @throws InterruptedException if interrupted while waiting
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException;
}
