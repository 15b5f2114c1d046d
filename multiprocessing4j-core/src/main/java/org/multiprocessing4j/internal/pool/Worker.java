package org.multiprocessing4j.internal.pool;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;

/** The parent's view of one worker. Fields without a comment are guarded by {@link PoolCore#lock}. */
public abstract class Worker {
    final PoolCore core;
    final int index;
    final ArrayDeque<Task> inflight = new ArrayDeque<>();
    long unconsumedBytes;
    int sentTasks;
    boolean ready;
    boolean everReady;
    /** Sent its last task (maxTasksPerChild) or was told to stop or park: its end is expected. */
    boolean leaving;
    boolean dead;
    /** Came from the worker cache: dying before ready is no reason to break the pool. */
    boolean reused;
    /** Next {@link Task#seq}. */
    long nextSeq;
    /** A {@link Steal} is under way. */
    boolean robbing;
    /** Its oldest task runs far longer than the average: it gets no more tasks until it answers (see {@link Steal}). */
    boolean stuck;
    /** The dispatch that last looked at this worker (guarded by the core lock): it is offered tasks once per round. */
    int dispatchMark;
    /** The pool's sum of reported run times when this worker's oldest task became its oldest. */
    double headMark;
    /** When stuck: the first task of its window to take back (0 when even the oldest has not started). */
    int stuckFrom;
    /** A task seen not started while another worker starved, and when (see {@link Steal}). */
    long headSeenId, headSeenAt;
    /** Revoked tasks not answered yet, id to seq (see {@link Steal#revoked}); null until the first. */
    java.util.HashMap<Long, Long> revokedSeq;
    /** When the pool started it, and when it was first ready ({@code System.nanoTime()}; 0 = not yet). */
    long launchedAt, readyAt;
    /** JFR events begun at launch, committed when ready and when ended (null when not recorded). */
    Object startedEvent, exitedEvent;
    /** Tasks it answered. */
    long answered;
    /**
     * Its own measure of time spent waiting for tasks, working and sending results (insights), as of its last
     * answer; written by the thread that receives its answers, read when insights are taken.
     */
    volatile long waitingNanos, workingNanos, sendingNanos;
    /** Functions this worker knows, mirroring the worker's bounded table exactly. */
    final LinkedHashSet<Integer> knownFns = new LinkedHashSet<>();

    Worker(PoolCore core, int index) {
        this.core = core;
        this.index = index;
    }

    /** Launches the worker (or adopts a cached one) and starts delivering its messages to the core. */
    abstract void start() throws Exception;

    /** Queues a batch for sending; called under the core lock so that batches keep their order. */
    abstract void enqueue(List<Task> batch);

    /** Queues a cancel request; under the core lock. */
    abstract void enqueueCancel(Task t);

    /** Writes what is queued; outside the core lock. */
    abstract void flush();

    /** The id of the task the worker runs now (negated when done), and when it (or its item) started. */
    abstract long runningId();

    abstract long runningSince();

    /** Asks an idle worker to end (or to park in the worker cache); bounded by escalation. */
    abstract void stop(boolean park);

    /** Ends the worker at once. */
    abstract void kill();

    /** Whether this kind of worker can be handed to the process-wide cache. */
    boolean reusable() {
        return false;
    }

    /** True if the function is sent with this task (and records it as known, mirroring the worker's table). */
    boolean needsFn(int fnId) {
        if (knownFns.contains(fnId)) return false;
        knownFns.add(fnId);
        if (knownFns.size() > WorkerLoop.FN_CAPACITY) {
            var it = knownFns.iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    /** Description of a worker's end, collected after its channel closed. */
    public record Death(int exitCode, long pid, String stderrTail, String hsErrFile, long slotId, Host.Loss loss) {
        Death(int exitCode, long pid, String stderrTail, String hsErrFile, long slotId) {
            this(exitCode, pid, stderrTail, hsErrFile, slotId, null);
        }
    }

    /** Waits (bounded) for the worker to end and describes how it ended. */
    abstract Death reap();

    /** {@return the worker's name: its JVM's process name, or its thread's name} */
    abstract String name();

    /** {@return the worker JVM's process id (this JVM's for threads), or -1 before it started} */
    abstract long pid();

    @Override
    public String toString() {
        return "worker " + index;
    }
}
