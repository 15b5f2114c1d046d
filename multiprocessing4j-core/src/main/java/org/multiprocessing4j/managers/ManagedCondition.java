package org.multiprocessing4j.managers;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A reentrant lock and its condition held by a manager — Python's {@code Manager().Condition()}: lock it, then
 * {@link #await()} / {@link #signal()} / {@link #signalAll()} as with a {@link Condition}. The owner of the lock is
 * the calling thread (each thread of each process talks to the manager over its own connection).
 * {@link #newCondition()} is not supported.
 */
public interface ManagedCondition extends Lock, Condition {
}
