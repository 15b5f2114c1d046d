package org.multiprocessing4j.internal.pool;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Taking back tasks that wait in a busy worker's window when another worker has nothing to do.
 *
 * <p>Workers get a window of tasks ahead (many tiny tasks per frame hide the round trip), sized from the pool's
 * average task time. When task times vary — one file of 140 MB among 400 small ones — the tasks queued behind a
 * long one wait for it while the other workers run out of work, and the slowest worker bounds the whole map. So a
 * worker whose task runs far longer than the average is marked stuck: it gets no more tasks until it answers, and
 * what waits in its window goes back to the front of the queue for the others. And when nothing is pending and a
 * worker is idle, the back half of the window holding the most expected work is taken back, if that is more than
 * {@link #DEEP_NANOS}.
 *
 * <p>Finding a stuck worker reads no clock on the hot path: the pool sums the run times its workers report; a
 * worker whose oldest task has not answered while the others ran {@link #LONG_NANOS} (and four average tasks) is then
 * checked against its slot and the clock. When a worker idles with nothing pending, every other worker holding tasks
 * is checked at once, and again when its oldest task would become long: a worker whose oldest task has not even
 * started by then (descheduled, slow to start) gives all its tasks back.
 *
 * <p>Taking back is safe without waiting for the busy worker: a worker JVM is sent a cancel request for each task;
 * once the request is in its channel and its slot's cancel counter is bumped, a task that the worker has not started
 * by the time the parent reads the slot is skipped when its turn comes (the worker checks the counter after it
 * publishes each start: a Dekker handshake, see {@link WorkerLoop}). Tasks at or before the one the slot names
 * stay. A thread worker's queue simply gives the task up or not. A task taken back gets a new id, so that the old
 * one, skipped by the worker, cannot be confused with it.
 */
final class Steal {
    /** Queued work expected to take longer than this is halved for a worker that idles with nothing pending. */
    static final long DEEP_NANOS = 2_000_000;
    /** A task running longer than this and 4 average tasks makes its worker stuck. */
    static final long LONG_NANOS = 20_000_000;

    private Steal() {}

    /**
     * What to take from whom; or, with no victim, when to look again: a worker idles with nothing pending while
     * another's task, not long enough yet to call it stuck, holds tasks behind it.
     */
    record Plan(Worker victim, List<Task> tasks, long recheckNanos) {}

    /**
     * Under the core lock: marks stuck workers, and returns the tasks to take back (marking the victim as being
     * robbed and the tasks as being taken back), a time to look again, or null.
     *
     * @param ranTotal the sum of the run times the workers have reported so far
     * @param pendingEmpty whether no task waits in the pool's queue
     * @param close whether to look at the slots and the clock for a worker that may hold tasks while another
     *        starves (a scheduled look); otherwise such a worker only asks for a look later, so that the dispatch
     *        path reads neither while workers merely run out of work now and then
     */
    static Plan plan(List<Worker> workers, double avgRunNanos, double ranTotal, boolean pendingEmpty, boolean close) {
        double longNanos = Math.max(LONG_NANOS, 4 * avgRunNanos);
        boolean starving = false; // a worker has nothing to do and nothing waits: look closely at the others
        if (pendingEmpty) {
            for (Worker w : workers) {
                if (w.ready && !w.dead && !w.leaving && w.inflight.isEmpty()) {
                    starving = true;
                    break;
                }
            }
        }
        long now = 0, recheck = 0;
        Worker victim = null;
        int from = 0;
        double most = 0;
        for (Worker w : workers) {
            if (!w.ready || w.dead || w.inflight.isEmpty()) continue;
            Task head = w.inflight.peekFirst();
            int queued = w.inflight.size() - 1;
            boolean longByOthers = !w.stuck && ranTotal - w.headMark > longNanos;
            if (!w.stuck && starving && !close && !longByOthers) {
                recheck = (long) longNanos; // maybe something to take: look closely then
            } else if (longByOthers || !w.stuck && starving) {
                // the slot is read only past the cheap tests: it is written by the worker all the time
                boolean started = w.runningId() == head.id;
                if (started && longByOthers || starving && (queued > 0 || !started)) {
                    if (now == 0) now = System.nanoTime();
                    long waited;
                    if (started) {
                        waited = now - w.runningSince();
                    } else {
                        // its oldest task has not even started (a worker descheduled, stopped, slow to start):
                        // count from when a close look first saw it so
                        if (w.headSeenId != head.id) {
                            w.headSeenId = head.id;
                            w.headSeenAt = now;
                        }
                        waited = now - w.headSeenAt;
                    }
                    w.stuck = waited > longNanos;
                    w.stuckFrom = started ? 1 : 0;
                    if (!w.stuck && starving) {
                        long left = Math.max((long) longNanos - waited + 1, 1_000_000);
                        recheck = recheck == 0 ? left : Math.min(recheck, left);
                    }
                }
            }
            if (w.inflight.size() - (w.stuck ? w.stuckFrom : 1) < 1 || w.robbing) continue; // nothing behind
            if (w.stuck) {
                victim = w;
                from = w.stuckFrom;
                break;
            }
            // someone idles with nothing pending: the back half of a queue holding enough work moves over (tiny
            // tasks are not worth the moving; the average ignores outliers, see PoolCore.onResults)
            double expected = avgRunNanos < 0 ? 0 : queued * avgRunNanos;
            if (starving && expected > DEEP_NANOS && expected > most) {
                most = expected;
                victim = w;
                from = queued >= 2 ? 1 + (queued + 1) / 2 : 1; // the back half, rounded down
            }
        }
        if (victim == null) return recheck > 0 ? new Plan(null, List.of(), recheck) : null;
        List<Task> take = new ArrayList<>(victim.inflight.size() - from);
        int i = 0;
        for (Iterator<Task> it = victim.inflight.iterator(); it.hasNext(); i++) {
            Task t = it.next();
            if (i >= from && t.state == Task.SENT && t.killReason == Task.KR_NONE) {
                t.stealing = true;
                take.add(t);
            }
        }
        if (take.isEmpty()) return null;
        victim.robbing = true;
        return new Plan(victim, take, 0);
    }

    /**
     * Under the core lock, after the victim was asked to skip {@code plan.tasks()} and its slot then named
     * {@code running}: the tasks it will not run, in order, now removed from its window. A task the slot names that
     * is neither in flight nor revoked earlier has answered, and so has everything sent before it.
     */
    static List<Task> revoked(Plan plan, long running) {
        Worker v = plan.victim();
        long id = Math.abs(running);
        long at = Long.MIN_VALUE;
        for (Task t : v.inflight) {
            if (t.id == id) at = t.seq;
        }
        if (at == Long.MIN_VALUE && v.revokedSeq != null) at = v.revokedSeq.getOrDefault(id, Long.MIN_VALUE);
        List<Task> out = new ArrayList<>(plan.tasks().size());
        for (Task t : plan.tasks()) {
            if (t.seq > at && t.state == Task.SENT && t.worker == v) out.add(t);
        }
        if (!out.isEmpty()) {
            if (v.revokedSeq == null) v.revokedSeq = new java.util.HashMap<>();
            for (Task t : out) {
                v.revokedSeq.put(t.id, t.seq);
                v.inflight.remove(t);
            }
        }
        return out;
    }
}
