package org.multiprocessing4j.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.multiprocessing4j.hazelcast.Cluster;
import org.multiprocessing4j.hazelcast.LocalCluster;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.TaskPool;

/**
 * Group {@code cluster} (Java only: CPython has no cluster): the same maps on a local {@link Pool} of 2 worker JVMs
 * and on clusters of 1, 2 and 3 members (separate JVMs on loopback, 2 workers each, {@link LocalCluster}) — a
 * CPU-bound map (run.py's count_primes, as in group {@code cpu}) and a fine-grained one (squares, default
 * chunksize), plus the apply round trip. This machine has 2 CPUs: every configuration shares them, so the numbers
 * show the cluster's overhead and correctness, not scale-out; {@code cluster_cpu_map_tasks_per_s.serial_one_cpu} is the
 * CPU-bound tasks run one after the other in this JVM, for reference. Metrics: {@code cluster_cpu_map_tasks_per_s.<conf>},
 * {@code cluster_map_items_per_s.<conf>}, {@code cluster_apply_roundtrip_us.<conf>}, {@code cluster_map_correct}.
 */
final class ClusterBench implements BenchGroup {
    static final int CPU_TASKS = 120;
    static final int MAP_ITEMS = 100_000;
    static final int APPLY_CALLS = 300;
    /** Hazelcast's client logs every connection at INFO: warnings only here (kept: loggers are weakly held). */
    private static final java.util.logging.Logger HAZELCAST_LOG = java.util.logging.Logger.getLogger("com.hazelcast");
    private boolean correct = true;

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public void run(Reporter r) throws Exception {
        HAZELCAST_LOG.setLevel(java.util.logging.Level.WARNING);
        serial(r);
        try (Pool local = new Pool(2)) {
            measure(r, "local_pool2", local);
        }
        for (int members = 1; members <= 3; members++) {
            try (LocalCluster lc = LocalCluster.builder().namePrefix("mp4j-bench").workers(2).start(members);
                 Cluster cluster = Cluster.connect(lc.client().build());
                 Pool pool = cluster.pool(2 * members)) {
                measure(r, "members" + members + "_pool" + 2 * members, pool);
            }
        }
        r.emitBool("cluster_map_correct", correct);
    }

    /** The CPU-bound tasks one after the other in this JVM: what one CPU does, for reference. */
    private void serial(Reporter r) {
        List<Double> rates = new ArrayList<>();
        for (int rep = 0; rep < 1 + 5; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < CPU_TASKS; i++) correct &= PoolBench.countPrimes(PoolBench.CPU_N) == PoolBench.CPU_N_PRIMES;
            if (rep > 0) rates.add(CPU_TASKS / ((System.nanoTime() - t0) / 1e9));
        }
        r.emit("cluster_cpu_map_tasks_per_s.serial_one_cpu", Stats.doubles(rates), "tasks/s");
    }

    private void measure(Reporter r, String conf, TaskPool pool) throws Exception {
        List<Integer> cpuArgs = Collections.nCopies(CPU_TASKS, PoolBench.CPU_N);
        List<Integer> cpuExpected = Collections.nCopies(CPU_TASKS, PoolBench.CPU_N_PRIMES);
        List<Integer> items = PoolBench.range(MAP_ITEMS);
        long expectedSum = sumOfSquares(MAP_ITEMS);
        List<Double> cpu = new ArrayList<>(), map = new ArrayList<>(), apply = new ArrayList<>();
        for (int rep = 0; rep < 1 + 5; rep++) {
            long t0 = System.nanoTime();
            correct &= pool.map(PoolBench::countPrimes, cpuArgs, 1).equals(cpuExpected);
            double cpuS = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            List<Integer> squares = pool.map(PoolBench::square, items);
            double mapS = (System.nanoTime() - t0) / 1e9;
            long sum = 0;
            for (int x : squares) sum += x;
            correct &= squares.size() == MAP_ITEMS && sum == expectedSum;
            t0 = System.nanoTime();
            for (int i = 0; i < APPLY_CALLS; i++) correct &= pool.apply(PoolBench::ident, i) == i;
            double applyUs = (System.nanoTime() - t0) / 1e3 / APPLY_CALLS;
            if (rep == 0) continue; // warm-up: worker JVMs' JIT, class path shipping
            cpu.add(CPU_TASKS / cpuS);
            map.add(MAP_ITEMS / mapS);
            apply.add(applyUs);
        }
        r.emit("cluster_cpu_map_tasks_per_s." + conf, Stats.doubles(cpu), "tasks/s");
        r.emit("cluster_map_items_per_s." + conf, Stats.doubles(map), "items/s");
        r.emit("cluster_apply_roundtrip_us." + conf, Stats.doubles(apply), "us");
    }

    /** The sum of x*x for x in [0, n), as the int products wrap (squares of x >= 46341 overflow as in the map). */
    private static long sumOfSquares(int n) {
        long s = 0;
        for (int x = 0; x < n; x++) s += x * x;
        return s;
    }
}
