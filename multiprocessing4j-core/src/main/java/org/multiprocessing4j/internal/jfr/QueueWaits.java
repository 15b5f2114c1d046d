package org.multiprocessing4j.internal.jfr;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/** Times a queue operation that may block, for {@link QueueWaitEvent}; free while no recording has ever run. */
public final class QueueWaits {
    private QueueWaits() {}

    /** {@return a begun event, or null when no recording wants queue waits} */
    public static QueueWaitEvent begin() {
        if (!FlightRecorder.isInitialized() || !Type.WAIT.isEnabled()) return null; // no event object per wait
        QueueWaitEvent e = new QueueWaitEvent();
        e.begin();
        return e;
    }

    /** Looked up once a recording exists (so that a JVM without one never initializes JFR). */
    private static final class Type {
        static final EventType WAIT = EventType.getEventType(QueueWaitEvent.class);
    }

    /** Ends and commits {@code e} (if not null and above the threshold). */
    public static void end(QueueWaitEvent e, String queue, String operation, boolean timedOut) {
        if (e == null) return;
        e.end();
        if (e.shouldCommit()) {
            e.queue = queue;
            e.operation = operation;
            e.timedOut = timedOut;
            e.commit();
        }
    }
}
