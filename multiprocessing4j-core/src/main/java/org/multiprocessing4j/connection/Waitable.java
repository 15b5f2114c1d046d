package org.multiprocessing4j.connection;

/**
 * Something {@link Connections#wait} can watch that has no file descriptor of its own, such as a shared queue
 * (Python passes {@code queue._reader}; here the queue itself). {@code wait} polls it, so its readiness is
 * noticed within a few milliseconds.
 */
public interface Waitable {
    /** {@return true when a receive or take would not wait now} Must not block. */
    boolean isReady();
}
