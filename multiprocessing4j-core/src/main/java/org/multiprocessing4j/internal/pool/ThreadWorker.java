package org.multiprocessing4j.internal.pool;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A worker thread of the thread twin: the same dispatch, no encoding, objects passed by reference. A timed-out or
 * cancelled-while-running task cannot be killed: its thread is interrupted and abandoned, and a new one replaces it.
 */
final class ThreadWorker extends Worker {
    private static final Object STOP = new Object();
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;
    private volatile long runId;
    private volatile long since;
    private volatile boolean abandoned;
    private volatile boolean ended;
    private final String name;

    ThreadWorker(PoolCore core, int index) {
        super(core, index);
        this.name = "mp4j-thread-worker-" + index;
    }

    @Override
    void start() {
        thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
    }

    private void loop() {
        core.markOwnThread();
        try {
            if (core.initializer != null) {
                try {
                    core.initializer.run();
                } catch (Throwable t) {
                    core.onInitFailed(this, t);
                    return;
                }
            }
            core.onReady(this);
            int processed = 0;
            boolean insights = core.insightsOn();
            long waiting = 0, working = 0, sending = 0;
            while (!abandoned) {
                long w0 = insights ? System.nanoTime() : 0;
                Object o = queue.take();
                if (insights) waiting += System.nanoTime() - w0;
                if (o == STOP || abandoned) return;
                Task t = (Task) o;
                PoolCore.Res r;
                if (cancelled.remove(t.id)) {
                    r = new PoolCore.Res(t.id, Wire.S_CANCELLED, -1, 0, null, null, 0, 0);
                } else {
                    long t0 = System.nanoTime();
                    since = t0;
                    runId = t.id;
                    TaskRunner.ItemClock clock = t.timeoutNanos > 0 ? i -> since = System.nanoTime() : null;
                    Object value;
                    byte status = Wire.S_OK;
                    int index = -1;
                    try {
                        value = TaskRunner.run(t.kind, t.fn.fn, t.arg, clock, false);
                    } catch (TaskRunner.Failure f) {
                        value = f.error;
                        index = f.index;
                        status = Wire.S_ERROR;
                    }
                    if (abandoned) return;
                    runId = -t.id;
                    r = new PoolCore.Res(t.id, status, index, System.nanoTime() - t0, value, null, 0, 0);
                }
                long s0 = insights ? System.nanoTime() : 0;
                core.onResults(this, new PoolCore.Res[] {r});
                if (insights) {
                    working += r.ran();
                    sending += System.nanoTime() - s0;
                    waitingNanos = waiting;
                    workingNanos = working;
                    sendingNanos = sending;
                }
                processed++;
                if (core.maxTasksPerChild > 0 && processed >= core.maxTasksPerChild) return;
                if (queue.isEmpty()) cancelled.clear();
            }
        } catch (InterruptedException e) {
            // stopped
        } finally {
            ended = true;
            if (!abandoned) core.onChannelClosed(this, null);
        }
    }

    @Override
    void enqueue(List<Task> batch) {
        queue.addAll(batch);
    }

    /** The tasks of {@code ts} that this worker's thread had not taken yet; it never will. */
    List<Task> unqueue(List<Task> ts) {
        List<Task> out = new java.util.ArrayList<>(ts.size());
        for (Task t : ts) if (queue.remove(t)) out.add(t);
        return out;
    }

    @Override
    void enqueueCancel(Task t) {
        cancelled.add(t.id);
    }

    @Override
    void flush() {}

    @Override
    long runningId() {
        return runId;
    }

    @Override
    long runningSince() {
        return since;
    }

    @Override
    void stop(boolean park) {
        queue.add(STOP);
    }

    @Override
    void kill() {
        if (abandoned || ended) return;
        abandoned = true;
        Thread t = thread;
        if (t != null) t.interrupt();
        Thread.ofPlatform().daemon().start(() -> core.onChannelClosed(this, null));
    }

    @Override
    String name() {
        return name;
    }

    @Override
    long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    Death reap() {
        return new Death(abandoned ? -9 : 0, ProcessHandle.current().pid(), null, null, runId);
    }
}
