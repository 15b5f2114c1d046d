package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A pool worker's life, from its launch to the pool seeing it end, with why it ended. Correlate with
 * {@link ProcessLifetimeEvent} by PID for the JVM's view.
 */
@Name("org.multiprocessing4j.WorkerExited")
@Label("Worker Exited")
@Category({"multiprocessing4j", "Pool"})
@Description("A pool worker from its launch to its end, with the cause")
@StackTrace(false)
public final class WorkerExitedEvent extends Event {
    @Label("Pool")
    public String pool;
    @Label("Worker")
    public String worker;
    @Label("PID")
    public long pid;
    @Label("Tasks")
    @Description("Tasks (a map chunk counts as one) the worker answered")
    public long tasks;
    @Label("Exit Code")
    @Description("Python's convention: -N when ended by signal N; 0 for a worker parked for reuse")
    public int exitCode;
    @Label("Cause")
    @Description("stopped, parked for reuse, retired (maxTasksPerChild), killed (timeout, cancel, terminate), or died")
    public String cause;
}
