package org.multiprocessing4j.managers;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A barrier held by a manager — Python's {@code Manager().Barrier(parties)}; the semantics of
 * {@link java.util.concurrent.CyclicBarrier}, for threads of any processes holding the proxy. Every method throws
 * {@link ManagerException} if the manager has ended or cannot be reached; a party whose process dies while waiting
 * stays counted, so use the timed {@code await} when parties may die.
 */
public interface ManagedBarrier {
    /**
     * Waits until all parties have called {@code await}.
     *
     * @return the arrival index: {@code getParties() - 1} for the first to arrive, 0 for the last
     * @throws InterruptedException if interrupted while waiting (the barrier breaks)
     * @throws BrokenBarrierException if the barrier is or becomes broken, or was reset while waiting
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    int await() throws InterruptedException, BrokenBarrierException;

    /**
     * Waits at most the given time until all parties have called {@code await}.
     *
     * @param timeout how long to wait
     * @param unit the unit of {@code timeout}
     * @return the arrival index: {@code getParties() - 1} for the first to arrive, 0 for the last
     * @throws InterruptedException if interrupted while waiting (the barrier breaks)
     * @throws BrokenBarrierException if the barrier is or becomes broken, or was reset while waiting
     * @throws TimeoutException if the time passed first (the barrier breaks)
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    int await(long timeout, TimeUnit unit) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /**
     * {@return the number of parties needed to trip the barrier}
     *
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    int getParties();

    /**
     * {@return the number of parties waiting now}
     *
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    int getNumberWaiting();

    /**
     * {@return true if the barrier is broken} Python's {@code broken}.
     *
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    boolean isBroken();

    /**
     * Resets the barrier; parties waiting get {@link BrokenBarrierException}.
     *
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    void reset();
}
