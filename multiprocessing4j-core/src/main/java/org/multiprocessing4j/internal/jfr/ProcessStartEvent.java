package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A child JVM was launched (or a warm spare was given a task). */
@Name("org.multiprocessing4j.ProcessStart")
@Label("Process Start")
@Category({"multiprocessing4j", "Process"})
@StackTrace(false)
public final class ProcessStartEvent extends Event {
    @Label("Name")
    public String name;
    @Label("PID")
    public long pid;
    @Label("Warm Spare")
    public boolean warmSpare;
}
