/**
 * Shared objects held by a server process — Python's {@code multiprocessing.managers}: a {@link
 * org.multiprocessing4j.managers.Manager} starts (or connects to) a manager process and creates maps, lists, queues,
 * locks, semaphores, events, conditions, barriers, values and objects of registered types in it, returning proxies
 * that run every call on the server and can be passed to child processes or, over TCP, used from other machines. A
 * call to a manager that has ended or cannot be reached throws {@link org.multiprocessing4j.managers.ManagerException}.
 * Memory consistency: actions before a call on a proxy happen-before the call's effect on the shared object, which
 * happens-before the return of any later call that observes it, in any process.
 */
package org.multiprocessing4j.managers;
