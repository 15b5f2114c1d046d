package org.multiprocessing4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A put into a full shared queue, a get from an empty one, or a join of a joinable queue that waited; recorded when
 * it took longer than the threshold (default 1 ms: an operation that did not wait takes microseconds).
 */
@Name("org.multiprocessing4j.QueueWait")
@Label("Queue Wait")
@Category({"multiprocessing4j", "Queue"})
@Description("A put, get or join on a shared queue that waited")
@Threshold("1 ms")
public final class QueueWaitEvent extends Event {
    @Label("Queue")
    public String queue;
    @Label("Operation")
    @Description("put, get or join")
    public String operation;
    @Label("Timed Out")
    @Description("The wait ended by its timeout, without an item or room")
    public boolean timedOut;
}
