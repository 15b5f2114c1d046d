package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task's result arrived; committed when the pool has it, with its durations. */
@Name("org.multiprocessing4j.TaskFinished")
@Label("Task Finished")
@Category({"multiprocessing4j", "Pool", "Task"})
@Description("A task that returned a result")
@StackTrace(false)
@Enabled(false) // one per task: a recording turns it on explicitly (a pool can run 500,000 tasks a second)
public final class TaskFinishedEvent extends TaskEndedEvent {
}
