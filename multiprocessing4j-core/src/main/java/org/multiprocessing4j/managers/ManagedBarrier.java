package org.multiprocessing4j.managers;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A barrier held by a manager — Python's {@code Manager().Barrier(parties)}; the semantics of CyclicBarrier. */
public interface ManagedBarrier {
    int await() throws InterruptedException, BrokenBarrierException;

    int await(long timeout, TimeUnit unit) throws InterruptedException, BrokenBarrierException, TimeoutException;

    int getParties();

    int getNumberWaiting();

    boolean isBroken();

    void reset();
}
