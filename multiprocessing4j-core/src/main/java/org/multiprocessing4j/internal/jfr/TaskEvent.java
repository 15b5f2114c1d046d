package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;

/** The fields every task event has (JFR records a superclass's fields with the event's own). */
public abstract class TaskEvent extends Event {
    @Label("Pool")
    public String pool;
    @Label("Task")
    @Description("The task's id in its pool")
    public long task;
}
