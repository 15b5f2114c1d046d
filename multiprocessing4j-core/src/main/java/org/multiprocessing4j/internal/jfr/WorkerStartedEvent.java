package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A pool worker became ready: from the pool starting it (launching a JVM, or taking one from the worker cache) to
 * its first readiness for tasks, initializer included. The JVM's own start is {@link ProcessStartEvent}.
 */
@Name("org.multiprocessing4j.WorkerStarted")
@Label("Worker Started")
@Category({"multiprocessing4j", "Pool"})
@Description("A pool worker from its launch to ready for tasks (initializer included)")
@StackTrace(false)
public final class WorkerStartedEvent extends Event {
    @Label("Pool")
    public String pool;
    @Label("Worker")
    public String worker;
    @Label("PID")
    @Description("The worker JVM's process id; this JVM's for thread workers")
    public long pid;
    @Label("Reused")
    @Description("Taken from the worker cache instead of launched")
    public boolean reused;
}
