package org.multiprocessing4j.internal.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.multiprocessing4j.pool.PoolInsights;

/**
 * Collects a pool's insights (see {@link PoolInsights}): per worker its start, its own measured times and its
 * answers; the slowest tasks. Guarded by its own monitor (taken once per batch of answers), never the core lock; the
 * work per answered task is a comparison with the fastest of the slowest, plus a short form of the input when a
 * task joins them.
 */
final class InsightsRecorder {
    static final int SLOWEST = 5;
    static final int ENDED_KEPT = 64;

    private final String pool;
    private final long created = System.nanoTime();
    private final Map<Worker, Stats> live = new IdentityHashMap<>();
    private final List<Stats> all = new ArrayList<>();
    private long tasks, items, failed;
    /** The slowest tasks, slowest first. */
    private final List<PoolInsights.SlowTask> slowest = new ArrayList<>(SLOWEST + 1);
    /** The duration a task must exceed to join them (-1 while there are fewer than {@link #SLOWEST}). */
    private volatile long floor = -1;

    private static final class Stats {
        final Worker worker; // its name and pid stay readable after it ended
        boolean reused;
        long starting;
        /** Copied from the worker when taken (see {@link #copyTimes}). */
        long waiting, working, sending;
        long tasks, items;
        String end;

        Stats(Worker w) {
            this.worker = w;
        }
    }

    InsightsRecorder(String pool) {
        this.pool = pool;
    }

    synchronized void launching(Worker w) {
        Stats s = new Stats(w);
        live.put(w, s);
        all.add(s);
        int ended = all.size() - live.size();
        for (int i = 0; ended > ENDED_KEPT && i < all.size(); i++) {
            if (all.get(i).end != null) {
                all.remove(i--);
                ended--;
            }
        }
    }

    synchronized void ready(Worker w) {
        Stats s = live.get(w);
        if (s == null) return;
        s.starting = w.readyAt - w.launchedAt;
        s.reused = w.reused;
    }

    synchronized void ended(Worker w, String cause) {
        Stats s = live.remove(w);
        if (s == null) return;
        s.end = cause;
        copyTimes(s); // its last measure: its times are not asked again
    }

    void answered(Worker w, Task[] ts, PoolCore.Res[] rs) {
        long n = 0, it = 0, bad = 0;
        long floor = this.floor;
        List<PoolInsights.SlowTask> candidates = null;
        for (int i = 0; i < rs.length; i++) {
            Task t = ts[i];
            if (t == null || rs[i].status() == Wire.S_CANCELLED) continue;
            n++;
            it += t.items;
            if (rs[i].status() != Wire.S_OK) bad++;
            if (rs[i].ran() > floor) {
                // the input's short form is made here, outside every lock: toString() is the user's code
                if (candidates == null) candidates = new ArrayList<>(2);
                candidates.add(slowTask(t, rs[i].ran(), w));
            }
        }
        synchronized (this) {
            tasks += n;
            items += it;
            failed += bad;
            Stats s = live.get(w);
            if (s != null) {
                s.tasks += n;
                s.items += it;
            }
            if (candidates != null) {
                for (PoolInsights.SlowTask c : candidates) {
                    int at = 0;
                    while (at < slowest.size() && slowest.get(at).duration().compareTo(c.duration()) >= 0) at++;
                    if (at < SLOWEST) slowest.add(at, c);
                    if (slowest.size() > SLOWEST) slowest.removeLast();
                }
                this.floor = slowest.size() < SLOWEST ? -1 : slowest.getLast().duration().toNanos();
            }
        }
    }

    private static PoolInsights.SlowTask slowTask(Task t, long ran, Worker w) {
        Object first = t.arg;
        if (t.isChunk() && t.arg instanceof List<?> l) first = l.isEmpty() ? null : l.getFirst();
        String input = t.kind == Wire.K_CALL || t.kind == Wire.K_RUN ? "(none)" : Errors.shortString(first);
        return new PoolInsights.SlowTask(t.describeTask(), t.isChunk() ? t.itemBase : t.id, t.items, input,
                Duration.ofNanos(ran), w.name());
    }

    /** The worker's own times, published by whoever receives its answers (pulled here, not pushed per task). */
    private static void copyTimes(Stats s) {
        s.waiting = s.worker.waitingNanos;
        s.working = s.worker.workingNanos;
        s.sending = s.worker.sendingNanos;
    }

    synchronized PoolInsights snapshot() {
        List<PoolInsights.WorkerStats> ws = new ArrayList<>(all.size());
        for (Stats s : all) {
            if (s.end == null) copyTimes(s);
            boolean alive = s.end == null;
            ws.add(new PoolInsights.WorkerStats(s.worker.name(), s.worker.pid(), alive, s.reused, Duration.ofNanos(s.starting),
                    Duration.ofNanos(s.waiting), Duration.ofNanos(s.working), Duration.ofNanos(s.sending), s.tasks,
                    s.items, s.end));
        }
        return new PoolInsights(pool, Duration.ofNanos(System.nanoTime() - created), tasks, items, failed, ws,
                List.copyOf(slowest));
    }
}
