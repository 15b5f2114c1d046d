/**
 * Processes: {@link org.multiprocessing4j.JvmProcess} runs a task in a child JVM, {@link org.multiprocessing4j.Context}
 * holds every setting of how children are started, and {@link org.multiprocessing4j.Multiprocessing} answers
 * questions about the process tree and the machine — the core of Python's {@code multiprocessing} module
 * ({@code Process}, {@code get_context()}, {@code current_process()}, {@code cpu_count()}). Children are started
 * fresh (there is no fork on the JVM); the task and everything it captures travel to them serialized.
 */
package org.multiprocessing4j;
