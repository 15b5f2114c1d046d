package org.multiprocessing4j.internal.pool;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle worker JVMs handed over by pools that ended gracefully, taken by the next pool with the same JVM settings
 * (Python's fork start is cheap; a JVM start is not). Bounded; a cached worker that died is noticed by the pool that
 * takes it, which then starts a fresh one. Cached workers are daemons: they end with this JVM.
 */
public final class WorkerCache {
    private static final int MAX = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private static final Map<Object, ArrayDeque<Launch.Launched>> IDLE = new HashMap<>();
    private static int size;

    private WorkerCache() {}

    static synchronized boolean offer(Object key, Launch.Launched w) {
        if (key == null || size >= MAX || !w.host().isAlive()) return false;
        IDLE.computeIfAbsent(key, k -> new ArrayDeque<>()).add(w);
        size++;
        return true;
    }

    static synchronized Launch.Launched take(Object key) {
        if (key == null) return null;
        ArrayDeque<Launch.Launched> q = IDLE.get(key);
        while (q != null && !q.isEmpty()) {
            Launch.Launched w = q.poll();
            size--;
            if (w.host().isAlive()) return w;
            discard(w);
        }
        return null;
    }

    private static final java.util.Set<ProcessWorker> IN_TRANSIT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A worker on its way to the cache (still starting when its pool ended). */
    static void inTransit(ProcessWorker w) {
        IN_TRANSIT.add(w);
    }

    static void arrived(ProcessWorker w) {
        IN_TRANSIT.remove(w);
    }

    /** Ends every cached worker, and those on their way (tests use it to leave no child behind). */
    public static void clear() {
        for (ProcessWorker w : IN_TRANSIT) w.kill();
        java.util.List<Launch.Launched> all = new java.util.ArrayList<>();
        synchronized (WorkerCache.class) {
            for (ArrayDeque<Launch.Launched> q : IDLE.values()) all.addAll(q);
            IDLE.clear();
            size = 0;
        }
        for (Launch.Launched w : all) {
            try {
                w.conn().sendBytes(new byte[] {Wire.STOP});
            } catch (java.io.IOException e) {
                // already gone
            }
        }
        for (Launch.Launched w : all) {
            try {
                if (!w.host().awaitExit(2_000_000_000L)) {
                    w.host().kill();
                    w.host().awaitExit(5_000_000_000L);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.host().kill();
            }
            discard(w);
        }
    }

    static void discard(Launch.Launched w) {
        w.conn().close();
        w.host().kill();
        w.host().release();
    }
}
