package org.multiprocessing4j.managers;

import java.util.concurrent.TimeUnit;

/** An event held by a manager — Python's {@code Manager().Event()}. */
public interface ManagedEvent {
    void set();

    void clear();

    boolean isSet();

    /** Waits until the flag is set. */
    void await() throws InterruptedException;

    /** Waits at most the given time; returns the flag. */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException;
}
