package org.multiprocessing4j.bench;

import java.util.List;
import java.util.Optional;

/**
 * DESIGN.md §5 as data: the one place that says which CPython metric a Java metric is compared with, and what
 * ratio it must reach. Ratio > 1 always means multiprocessing4j is better: cpython/java for times (ms, us),
 * java/cpython for rates (everything else). A goal "≤ 1/5 of CPython's time" is therefore {@code ratio >= 5}.
 * Metrics missing here print "-" as their goal.
 */
public final class Goals {
    private Goals() {}

    /**
     * @param java      the Java metric name
     * @param cpython   the CPython metric it is compared with (often the same name)
     * @param minRatio  ratio the Java side must reach; for {@code absolute} goals the minimum Java value instead
     * @param absolute  true when the goal is on the Java value itself, not on a ratio (speedup, correctness)
     * @param text      the goal as DESIGN.md words it
     */
    public record Goal(String java, String cpython, double minRatio, boolean absolute, String text) {
        boolean met(double javaValue, double ratio) {
            return absolute ? javaValue >= minRatio : ratio >= minRatio;
        }

        /** The goal cell: the threshold, then DESIGN's words. */
        String cell() {
            return (absolute ? "java>=" : "ratio>=") + Stats.fmt(minRatio) + " (" + text + ")";
        }
    }

    private static Goal ratio(String name, double min, String text) {
        return new Goal(name, name, min, false, text);
    }

    static final List<Goal> TABLE = List.of(
            // spawn: a cold JVM against spawn (both start an interpreter from scratch), a warm spare against
            // forkserver (both hand the task to a process started earlier).
            new Goal("process_spawn_join_ms.cold", "process_spawn_join_ms.spawn", 1 / 1.5, false, "cold <= 1.5x spawn"),
            new Goal("process_spawn_join_ms.warm", "process_spawn_join_ms.forkserver", 1, false, "warm spare <= forkserver"),
            new Goal("pool_startup_ms.cold", "pool_startup_ms.spawn", 1 / 1.5, false, "first pool <= 1.5x spawn"),
            new Goal("pool_startup_ms.reused", "pool_startup_ms.fork", 1, false, "reused workers <= fork"),
            ratio("apply_roundtrip_us", 10, "<= 1/10 of CPython"),
            ratio("apply_async_throughput_tasks_per_s", 10, ">= 10x"),
            ratio("map_throughput_items_per_s.map_default_chunksize", 5, ">= 5x"),
            ratio("map_throughput_items_per_s.imap_chunksize1", 10, ">= 10x"),
            ratio("map_throughput_items_per_s.imap_unordered_chunksize1000", 5, ">= 5x"),
            ratio("executor_submit_throughput_tasks_per_s", 20, ">= 20x"),
            ratio("executor_map_throughput_items_per_s.chunksize1000", 10, ">= 10x"),
            ratio("pipe_roundtrip_us", 5, "<= 1/5 of CPython"),
            ratio("pipe_bytes_throughput_MBps", 1, ">= 1x"),
            ratio("queue_throughput_items_per_s.Queue", 20, ">= 20x"),
            ratio("lock_uncontended_ops_per_s", 3, ">= 3x"),
            ratio("lock_value_increment_2proc_ops_per_s", 10, ">= 10x"),
            new Goal("lock_value_increment_2proc_correct", "lock_value_increment_2proc_correct", 1, true, "always correct"),
            new Goal("shared_memory_bandwidth_GBps.shm_child_write_vs_local_memcpy",
                    "shared_memory_bandwidth_GBps.shm_child_write_vs_local_memcpy", 0.9, true,
                    "a copy into shared memory >= 90% of a local memcpy"),
            new Goal("cpu_scaling.speedup", "cpu_scaling.speedup", 1.9, true, ">= 1.9x with 2 workers"),
            new Goal("cluster_map_correct", "cluster_map_correct", 1, true, "always correct"));

    public static Optional<Goal> forJava(String metric) {
        return TABLE.stream().filter(g -> g.java().equals(metric)).findFirst();
    }

    /** The CPython metric a Java metric is compared with. */
    public static String cpythonName(String javaMetric) {
        return forJava(javaMetric).map(Goal::cpython).orElse(javaMetric);
    }

    /** Times are better when smaller. */
    public static boolean isTime(String unit) {
        return unit.equals("ms") || unit.equals("us");
    }

    /** Ratio > 1 means Java is better; NaN for bool metrics or a missing side. */
    public static double ratio(String unit, double cpython, double java) {
        if (unit.equals("bool") || Double.isNaN(cpython) || Double.isNaN(java) || cpython == 0 || java == 0) return Double.NaN;
        return isTime(unit) ? cpython / java : java / cpython;
    }
}
