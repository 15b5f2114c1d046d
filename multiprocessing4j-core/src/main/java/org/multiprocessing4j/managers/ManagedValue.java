package org.multiprocessing4j.managers;

/** A single value held by a manager — Python's {@code Manager().Value(typecode, value)}. */
public interface ManagedValue<T> {
    T get();

    void set(T value);
}
