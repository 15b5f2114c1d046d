package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A child JVM's life, from {@code start()} to its exit as the parent saw it; committed at exit. */
@Name("org.multiprocessing4j.ProcessLifetime")
@Label("Process Lifetime")
@Category({"multiprocessing4j", "Process"})
@Description("A child JVM from start() to exit, with how it ended")
@StackTrace(false)
public final class ProcessLifetimeEvent extends Event {
    @Label("Name")
    public String name;
    @Label("PID")
    public long pid;
    @Label("Daemon")
    public boolean daemon;
    @Label("Warm Spare")
    @Description("Started by handing the task to a pre-started JVM")
    public boolean warmSpare;
    @Label("Exit Code")
    @Description("Python's convention: -N when ended by signal N")
    public int exitCode;
    @Label("Cause")
    public String cause;
}
