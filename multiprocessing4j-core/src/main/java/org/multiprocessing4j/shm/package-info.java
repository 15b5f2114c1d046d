/**
 * Memory shared between processes — Python's {@code multiprocessing.shared_memory} and
 * {@code multiprocessing.sharedctypes}: {@link org.multiprocessing4j.shm.SharedMemory} is a named block of raw
 * bytes, and {@link org.multiprocessing4j.shm.SharedValue} and {@link org.multiprocessing4j.shm.SharedArray} are
 * typed numbers and arrays, synchronized by a shared lock or raw. All live in {@code /dev/shm} and reach a child
 * process by being passed to it. Memory consistency: the element accessors of values and arrays are volatile
 * accesses, so a write in one process happens-before a read that sees it in another; anything else (bulk copies,
 * raw memory) is ordered only by the locks, semaphores and events of {@link org.multiprocessing4j.sync}.
 */
package org.multiprocessing4j.shm;
