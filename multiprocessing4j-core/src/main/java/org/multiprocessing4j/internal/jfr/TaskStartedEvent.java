package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A task was handed to a worker: it is in the worker's window and runs there after the tasks ahead of it. (The
 * worker JVM's clock is not this recording's; its run time comes with {@link TaskFinishedEvent}.)
 */
@Name("org.multiprocessing4j.TaskStarted")
@Label("Task Started")
@Category({"multiprocessing4j", "Pool", "Task"})
@Description("A task handed to a worker")
@StackTrace(false)
@Enabled(false) // one per task: a recording turns it on explicitly (a pool can run 500,000 tasks a second)
public final class TaskStartedEvent extends TaskEvent {
    @Label("Worker")
    public String worker;
    @Label("Queued")
    @Description("Time from submission to this hand-over")
    @Timespan
    public long queued;
}
