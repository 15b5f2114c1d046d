/**
 * Synchronization between threads of any processes — Python's {@code multiprocessing.synchronize}: locks,
 * a condition, semaphores, an event and a barrier, each living in shared memory and reaching a child process by
 * being passed to it. Waiters sleep in the kernel (futex); interrupts are noticed within 50 ms; a lock whose holder
 * process died is taken over, and each class says what else the death of another process does. Memory consistency:
 * as for their {@code java.util.concurrent} counterparts, across processes — actions before releasing a lock,
 * permit or event happen-before actions after the acquisition or wait that it lets through.
 */
package org.multiprocessing4j.sync;
