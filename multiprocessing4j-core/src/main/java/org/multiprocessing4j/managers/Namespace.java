package org.multiprocessing4j.managers;

import java.util.Map;

/**
 * A bag of named values held by a manager — Python's {@code Manager().Namespace()}. Values travel as copies. Every
 * method throws {@link ManagerException} if the manager has ended or cannot be reached.
 */
public interface Namespace {
    /**
     * {@return a copy of the value of {@code name}, or null if it has none}
     *
     * @param name the name
     */
    Object get(String name);

    /**
     * Sets {@code name}; null values are allowed.
     *
     * @param name the name
     * @param value the value, copied to the manager
     */
    void set(String name, Object value);

    /**
     * {@return true if {@code name} is set}
     *
     * @param name the name
     */
    boolean has(String name);

    /**
     * Removes {@code name}.
     *
     * @param name the name
     * @return its value, or null if it had none
     */
    Object remove(String name);

    /** {@return a copy of every name and value} */
    Map<String, Object> attributes();
}
