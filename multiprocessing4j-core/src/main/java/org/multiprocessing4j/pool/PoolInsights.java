package org.multiprocessing4j.pool;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.multiprocessing4j.internal.progress.ProgressFormat;

/**
 * Where a pool's time went — mpire's {@code enable_insights}: per worker, the time spent starting, waiting for
 * tasks, working on them and sending results back, and the slowest tasks with what they were given. A snapshot
 * taken by {@link TaskPool#insights()} or {@link PoolExecutor#insights()} on a pool built with
 * {@code insights(true)}; {@link #report()} (also {@link #toString()}) prints it as a table.
 *
 * <p><b>Where the numbers come from.</b> {@code starting} is measured by the pool, from launching the worker (or
 * taking it from the worker cache) to its first readiness, initializer included. {@code waiting}, {@code working} and
 * {@code sending} are measured by the worker itself — a worker JVM ships them with its results, so they are as of its
 * last answer: waiting is time blocked for the next task (idle), working is decoding the argument and running the
 * function, sending is encoding the result and writing it to the pool. Task durations are the worker's working time
 * for that task (a map chunk is one task). Workers that ended (replaced, retired by {@code maxTasksPerChild}) are
 * kept, up to the 64 most recent.
 *
 * @param pool the pool's name and number, e.g. {@code "Pool-1"}
 * @param uptime time since the pool was built
 * @param tasks tasks answered (a map chunk counts as one), failed ones included
 * @param items input items of the answered tasks
 * @param failedTasks answered tasks that failed (an exception in the function, or a result that could not be sent)
 * @param workers one entry per worker, in start order
 * @param slowestTasks the slowest tasks answered, slowest first (at most 5)
 */
public record PoolInsights(String pool, Duration uptime, long tasks, long items, long failedTasks,
                           List<WorkerStats> workers, List<SlowTask> slowestTasks) {
    /**
     * Copies the lists.
     *
     * @throws NullPointerException if an argument is null
     */
    public PoolInsights {
        Objects.requireNonNull(pool);
        Objects.requireNonNull(uptime);
        workers = List.copyOf(workers);
        slowestTasks = List.copyOf(slowestTasks);
    }

    /**
     * One worker's time.
     *
     * @param name the worker's name (the worker JVM's process name, or its thread's name)
     * @param pid the worker JVM's process id (this JVM's for thread workers)
     * @param alive whether it still serves the pool
     * @param reused whether it came from the worker cache rather than being launched
     * @param starting from launch (or cache) to ready, initializer included; zero while it starts
     * @param waiting blocked waiting for the next task
     * @param working decoding arguments and running tasks
     * @param sending encoding results and writing them to the pool
     * @param tasks tasks it answered
     * @param items input items of those tasks
     * @param end how it ended ({@code "stopped"}, {@code "parked for reuse"}, {@code "died: killed by signal 9 (SIGKILL: ...)"}, ...),
     *        or null while alive
     */
    public record WorkerStats(String name, long pid, boolean alive, boolean reused, Duration starting,
                              Duration waiting, Duration working, Duration sending, long tasks, long items,
                              String end) {
        /** {@return the share of its measured time spent working, from 0 to 1 (0 before any measurement)} */
        public double workingShare() {
            long all = waiting.toNanos() + working.toNanos() + sending.toNanos();
            return all == 0 ? 0 : (double) working.toNanos() / all;
        }
    }

    /**
     * One of the slowest tasks.
     *
     * @param task what it was, e.g. {@code "chunk #3 (items #300..399)"} or {@code "task #17"}
     * @param index for a map chunk, the index in the input of its first item; for a call, its task number
     * @param items the number of input items it covered
     * @param input a short form (at most 200 characters) of its (first) input item
     * @param duration its working time in the worker
     * @param worker the name of the worker that ran it
     */
    public record SlowTask(String task, long index, int items, String input, Duration duration, String worker) {}

    /** {@return the insights as a table: one line per worker, a total, then the slowest tasks} */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append("Insights for ").append(pool).append(": ").append(workers.size()).append(" worker")
                .append(workers.size() == 1 ? "" : "s").append(", up ").append(ProgressFormat.duration(uptime))
                .append(", ").append(tasks).append(" tasks (").append(failedTasks).append(" failed), ")
                .append(items).append(" items\n");
        String fmt = "%-22s %8s %10s %10s %10s %10s %7s %8s %6s  %s%n";
        b.append(String.format(fmt, "worker", "pid", "starting", "waiting", "working", "sending", "tasks", "items",
                "work%", "state"));
        long wait = 0, work = 0, send = 0, t = 0, it = 0;
        for (WorkerStats w : workers) {
            b.append(String.format(fmt, w.name(), w.pid(), ProgressFormat.duration(w.starting()),
                    ProgressFormat.duration(w.waiting()), ProgressFormat.duration(w.working()),
                    ProgressFormat.duration(w.sending()), w.tasks(), w.items(),
                    Math.round(w.workingShare() * 100) + "%", w.alive() ? (w.reused() ? "alive (reused)" : "alive")
                            : w.end()));
            wait += w.waiting().toNanos();
            work += w.working().toNanos();
            send += w.sending().toNanos();
            t += w.tasks();
            it += w.items();
        }
        long all = wait + work + send;
        b.append(String.format(fmt, "total", "", "", ProgressFormat.duration(Duration.ofNanos(wait)),
                ProgressFormat.duration(Duration.ofNanos(work)), ProgressFormat.duration(Duration.ofNanos(send)), t, it,
                (all == 0 ? 0 : Math.round(100.0 * work / all)) + "%", ""));
        if (!slowestTasks.isEmpty()) {
            b.append("slowest tasks:\n");
            int i = 1;
            for (SlowTask s : slowestTasks) {
                b.append(String.format("%3d. %10s  %s on %s, input: %s%n", i++, ProgressFormat.duration(s.duration()),
                        s.task(), s.worker(), s.input()));
            }
        }
        return b.toString();
    }

    /** {@return {@link #report()}} */
    @Override
    public String toString() {
        return report();
    }
}
