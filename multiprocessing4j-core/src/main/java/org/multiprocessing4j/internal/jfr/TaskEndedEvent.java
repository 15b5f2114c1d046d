package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Timespan;

/** The fields of a task's end, whichever way it ended: {@link TaskFinishedEvent}, {@link TaskFailedEvent}. */
public abstract class TaskEndedEvent extends TaskEvent {
    @Label("Worker")
    public String worker;
    @Label("Items")
    public int items;
    @Label("Run Time")
    @Description("As the worker measured it: decoding the argument and running the function; 0 when the worker died "
            + "or was killed")
    @Timespan
    public long run;
    @Label("Total Time")
    @Description("From submission to the result or the failure in the pool")
    @Timespan
    public long total;
}
