package org.multiprocessing4j.managers;

import java.util.Map;

/** A bag of named values held by a manager — Python's {@code Manager().Namespace()}. */
public interface Namespace {
    /** The value of {@code name}, or null if it has none. */
    Object get(String name);

    /** Sets {@code name}; null values are allowed. */
    void set(String name, Object value);

    /** True if {@code name} is set. */
    boolean has(String name);

    /** Removes {@code name}; returns its value or null. */
    Object remove(String name);

    /** A copy of every name and value. */
    Map<String, Object> attributes();
}
