/**
 * Queues shared between processes — Python's {@code multiprocessing.queues}: {@link
 * org.multiprocessing4j.queues.SharedQueue} ({@code Queue}, a {@link java.util.concurrent.BlockingQueue}), {@link
 * org.multiprocessing4j.queues.JoinableSharedQueue} ({@code JoinableQueue}) and {@link
 * org.multiprocessing4j.queues.SimpleSharedQueue} ({@code SimpleQueue}). Items are encoded into a byte ring in
 * shared memory, and a queue reaches a child process by being passed to it; a process that dies holding a queue's
 * lock does not block the others. Memory consistency: actions in a thread prior to putting an item happen-before
 * actions after the take that returns it, in any process.
 */
package org.multiprocessing4j.queues;
