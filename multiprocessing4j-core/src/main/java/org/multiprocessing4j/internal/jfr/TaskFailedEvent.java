package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task failed: its function threw, its worker died, it timed out, or its result could not travel. */
@Name("org.multiprocessing4j.TaskFailed")
@Label("Task Failed")
@Category({"multiprocessing4j", "Pool", "Task"})
@Description("A task that ended with an exception")
@StackTrace(false)
public final class TaskFailedEvent extends TaskEndedEvent {
    @Label("Error")
    @Description("Why: an exception in the task, an unencodable result, a task timeout, or the worker's death and its cause")
    public String error;
}
