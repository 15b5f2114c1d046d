package org.multiprocessing4j.internal.pool;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import org.multiprocessing4j.internal.jfr.TaskFailedEvent;
import org.multiprocessing4j.internal.jfr.TaskFinishedEvent;
import org.multiprocessing4j.internal.jfr.TaskStartedEvent;
import org.multiprocessing4j.internal.jfr.TaskSubmittedEvent;
import org.multiprocessing4j.internal.jfr.WorkerExitedEvent;
import org.multiprocessing4j.internal.jfr.WorkerStartedEvent;
import org.multiprocessing4j.pool.PoolInsights;

/**
 * What a pool tells the outside about itself: JFR events (workers and tasks), {@code System.Logger} records (logger
 * {@code org.multiprocessing4j.pool}; worker starts and ends at DEBUG, tasks taken back at TRACE: nothing shows with
 * the JDK's default configuration), and insights when the pool was built with them.
 *
 * <p>The task path pays one check of {@link FlightRecorder#isInitialized()} (a static field) per submission and per
 * batch sent or answered while no recording has ever run in this JVM, and one more null check for insights; while a
 * recording runs, a few reads of their types' enabled flags (the task events are off by default, but for
 * TaskFailed, which then also has each submission read the clock once per batch).
 */
final class PoolEvents {
    static final Logger LOG = System.getLogger("org.multiprocessing4j.pool");
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final String pool;
    private final InsightsRecorder insights;

    PoolEvents(String name, boolean insights) {
        this.pool = name + "-" + POOLS.incrementAndGet();
        this.insights = insights ? new InsightsRecorder(pool) : null;
    }

    boolean insightsOn() {
        return insights != null;
    }

    PoolInsights insights() {
        if (insights == null) {
            throw new IllegalStateException("insights are off for " + pool + ": build the pool with insights(true)");
        }
        return insights.snapshot();
    }

    // ------------------------------------------------------------------ workers

    /** Before the worker is started. */
    void launching(Worker w) {
        w.launchedAt = System.nanoTime();
        if (FlightRecorder.isInitialized()) {
            WorkerStartedEvent s = new WorkerStartedEvent();
            if (s.isEnabled()) {
                s.begin();
                w.startedEvent = s;
            }
            WorkerExitedEvent e = new WorkerExitedEvent();
            if (e.isEnabled()) {
                e.begin();
                w.exitedEvent = e;
            }
        }
        if (insights != null) insights.launching(w);
    }

    void ready(Worker w) {
        try {
            readyEvents(w);
        } catch (RuntimeException e) {
            bug(e);
        }
    }

    /** Observing must never break the pool: a failure here is reported, and the pool goes on. */
    private void bug(RuntimeException e) {
        LOG.log(Level.WARNING, pool + ": recording a pool event failed", e);
    }

    private void readyEvents(Worker w) {
        long now = System.nanoTime();
        if (w.readyAt != 0) return; // a reused worker answers READY once per pool only; be safe anyway
        w.readyAt = now;
        if (w.startedEvent instanceof WorkerStartedEvent s) {
            s.end();
            s.pool = pool;
            s.worker = w.name();
            s.pid = w.pid();
            s.reused = w.reused;
            s.commit();
            w.startedEvent = null;
        }
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "{0}: {1} (pid {2}) {3} in {4} ms", pool, w.name(), Long.toString(w.pid()),
                    w.reused ? "taken from the worker cache, ready" : "started, ready",
                    Long.toString((now - w.launchedAt) / 1_000_000));
        }
        if (insights != null) insights.ready(w);
    }

    /** The worker has ended, or left the pool for the worker cache. */
    void ended(Worker w, String cause, int exitCode) {
        try {
            endedEvents(w, cause, exitCode);
        } catch (RuntimeException e) {
            bug(e);
        }
    }

    private void endedEvents(Worker w, String cause, int exitCode) {
        if (w.exitedEvent instanceof WorkerExitedEvent e) {
            e.end();
            e.pool = pool;
            e.worker = w.name();
            e.pid = w.pid();
            e.tasks = w.answered;
            e.exitCode = exitCode;
            e.cause = cause;
            e.commit();
            w.exitedEvent = null;
        }
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "{0}: {1} (pid {2}) {3} after {4} tasks", pool, w.name(), Long.toString(w.pid()), cause,
                    Long.toString(w.answered));
        }
        if (insights != null) insights.ended(w, cause);
    }

    // ------------------------------------------------------------------ tasks

    void submitted(List<Task> tasks) {
        if (!FlightRecorder.isInitialized()) return;
        boolean event = Types.SUBMITTED.isEnabled();
        // the later events need the submission time even when this one is not recorded
        if (!event && !Types.STARTED.isEnabled() && !Types.FINISHED.isEnabled() && !Types.FAILED.isEnabled()) return;
        long now = System.nanoTime();
        for (Task t : tasks) {
            t.submittedAt = now;
            if (!event) continue;
            TaskSubmittedEvent e = new TaskSubmittedEvent();
            e.pool = pool;
            e.task = t.id;
            e.kind = t.isChunk() ? "chunk" : "call";
            e.items = t.items;
            e.firstItem = t.isChunk() ? t.itemBase : -1;
            e.commit();
        }
    }

    /** Under the core lock: a batch was handed to a worker. */
    void dispatched(Worker w, List<Task> batch) {
        if (!FlightRecorder.isInitialized() || !Types.STARTED.isEnabled()) return;
        long now = System.nanoTime();
        for (Task t : batch) {
            TaskStartedEvent e = new TaskStartedEvent();
            e.pool = pool;
            e.task = t.id;
            e.worker = w.name();
            e.queued = t.submittedAt == 0 ? 0 : now - t.submittedAt;
            e.commit();
        }
    }

    /** Outside the core lock, before the results are delivered (the tasks' inputs are still there). */
    void answered(Worker w, Task[] ts, PoolCore.Res[] rs) {
        if (insights == null && !FlightRecorder.isInitialized()) return;
        try {
            answeredEvents(w, ts, rs);
        } catch (RuntimeException e) {
            bug(e);
        }
    }

    private void answeredEvents(Worker w, Task[] ts, PoolCore.Res[] rs) {
        if (insights != null) insights.answered(w, ts, rs);
        if (!FlightRecorder.isInitialized()) return;
        boolean finished = Types.FINISHED.isEnabled(), failed = Types.FAILED.isEnabled();
        if (!finished && !failed) return;
        long now = System.nanoTime();
        for (int i = 0; i < rs.length; i++) {
            Task t = ts[i];
            if (t == null) continue;
            PoolCore.Res r = rs[i];
            if (r.status() == Wire.S_OK) {
                if (!finished) continue;
                TaskFinishedEvent e = new TaskFinishedEvent();
                e.pool = pool;
                e.task = t.id;
                e.worker = w.name();
                e.items = t.items;
                e.run = r.ran();
                e.total = t.submittedAt == 0 ? 0 : now - t.submittedAt;
                e.commit();
            } else if (failed && r.status() != Wire.S_CANCELLED) {
                failed(t, w, r.ran(), r.status() == Wire.S_ERROR ? "an exception in the task"
                        : "a result or exception that could not be encoded");
            }
        }
    }

    /** A task failed without a result from its worker (death, timeout, kill) or with one ({@link #answered}). */
    void failed(Task t, Worker w, long ran, String error) {
        if (!FlightRecorder.isInitialized() || !Types.FAILED.isEnabled()) return;
        TaskFailedEvent e = new TaskFailedEvent();
        e.pool = pool;
        e.task = t.id;
        e.worker = w == null ? null : w.name();
        e.items = t.items;
        e.run = ran;
        e.total = t.submittedAt == 0 ? 0 : System.nanoTime() - t.submittedAt;
        e.error = error;
        e.commit();
    }

    /** The task event types, looked up once a recording has started (looking one up registers it with JFR). */
    private static final class Types {
        static final EventType SUBMITTED = EventType.getEventType(TaskSubmittedEvent.class);
        static final EventType STARTED = EventType.getEventType(TaskStartedEvent.class);
        static final EventType FINISHED = EventType.getEventType(TaskFinishedEvent.class);
        static final EventType FAILED = EventType.getEventType(TaskFailedEvent.class);
    }

    /** Tasks taken back from a busy worker (TRACE). */
    void tookBack(Worker from, int count) {
        if (LOG.isLoggable(Level.TRACE)) {
            LOG.log(Level.TRACE, "{0}: took {1} queued tasks back from {2}", pool, Integer.toString(count), from.name());
        }
    }
}
