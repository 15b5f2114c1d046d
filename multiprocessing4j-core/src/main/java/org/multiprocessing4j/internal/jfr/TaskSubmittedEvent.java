package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task (a call, or one chunk of a map) entered a pool's queue. */
@Name("org.multiprocessing4j.TaskSubmitted")
@Label("Task Submitted")
@Category({"multiprocessing4j", "Pool", "Task"})
@StackTrace(false)
@Enabled(false) // one per task: a recording turns it on explicitly (a pool can run 500,000 tasks a second)
public final class TaskSubmittedEvent extends TaskEvent {
    @Label("Kind")
    @Description("call or chunk")
    public String kind;
    @Label("Items")
    public int items;
    @Label("First Item")
    @Description("Index in the map's input of the chunk's first item; -1 for a call")
    public long firstItem;
}
