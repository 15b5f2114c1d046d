package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A task's result arrived; committed when the pool has it, with its durations. */
@Name("org.multiprocessing4j.TaskFinished")
@Label("Task Finished")
@Category({"multiprocessing4j", "Pool", "Task"})
@Description("A task that returned a result")
@StackTrace(false)
@Enabled(false) // one per task: a recording turns it on explicitly (a pool can run 500,000 tasks a second)
public final class TaskFinishedEvent extends Event {
    @Label("Pool")
    public String pool;
    @Label("Task")
    public long task;
    @Label("Worker")
    public String worker;
    @Label("Items")
    public int items;
    @Label("Run Time")
    @Description("As the worker measured it: decoding the argument and running the function")
    @Timespan
    public long run;
    @Label("Total Time")
    @Description("From submission to the result in the pool")
    @Timespan
    public long total;
}
