package org.multiprocessing4j.managers;

/**
 * A single value held by a manager — Python's {@code Manager().Value(typecode, value)}. Values travel as copies.
 * Every method throws {@link ManagerException} if the manager has ended or cannot be reached.
 *
 * @param <T> the type of the value
 */
public interface ManagedValue<T> {
    /**
     * {@return a copy of the value}
     *
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    T get();

    /**
     * Replaces the value.
     *
     * @param value the new value, copied to the manager
     * @throws ManagerException if the manager has ended or cannot be reached
     */
    void set(T value);
}
