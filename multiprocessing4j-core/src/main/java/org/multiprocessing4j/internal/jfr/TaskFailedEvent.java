package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A task failed: its function threw, its worker died, it timed out, or its result could not travel. */
@Name("org.multiprocessing4j.TaskFailed")
@Label("Task Failed")
@Category({"multiprocessing4j", "Pool", "Task"})
@Description("A task that ended with an exception")
@StackTrace(false)
public final class TaskFailedEvent extends Event {
    @Label("Pool")
    public String pool;
    @Label("Task")
    public long task;
    @Label("Worker")
    public String worker;
    @Label("Items")
    public int items;
    @Label("Run Time")
    @Description("As the worker measured it; 0 when the worker died or was killed")
    @Timespan
    public long run;
    @Label("Total Time")
    @Description("From submission to the failure in the pool")
    @Timespan
    public long total;
    @Label("Error")
    @Description("Why: an exception in the task, an unencodable result, a task timeout, or the worker's death and its cause")
    public String error;
}
