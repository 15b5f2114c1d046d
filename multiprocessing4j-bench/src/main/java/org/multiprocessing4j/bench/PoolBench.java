package org.multiprocessing4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.multiprocessing4j.pool.AsyncResult;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.PoolExecutor;
import org.multiprocessing4j.pool.ProcessPoolExecutor;
import org.multiprocessing4j.pool.TaskPool;
import org.multiprocessing4j.pool.ThreadExecutor;
import org.multiprocessing4j.pool.ThreadPool;

/**
 * The Java side of bench groups {@code pool_startup}, {@code apply}, {@code apply_async}, {@code map},
 * {@code executor} and {@code cpu}: CPython's metrics 2-6 and 11 from {@code ../shared/bench/python/run.py}, same
 * workloads, sizes, clock boundaries, repetitions (W+R) and statistic (median), printed as
 * {@code name<TAB>value<TAB>unit}; spread (median min max n) on stderr. Every metric also has a
 * {@code .thread_twin} line: the same workload on {@link ThreadPool}/{@link ThreadExecutor}, as a reference.
 *
 * <p>Pool start-up (metric 2) has no fork here: {@code pool_startup_ms.first} is the first pool of this JVM (cold
 * worker JVMs, one sample), {@code pool_startup_ms.cold} a pool of fresh worker JVMs every rep (CPython's spawn,
 * W+R 1+11), {@code pool_startup_ms.reused} a pool that takes the idle workers a closed pool left in the
 * process-wide cache (CPython's fork, W+R 2+15). {@code apply_roundtrip_us.same_cpu} is not measured (no CPU
 * pinning from Java).
 *
 * <p>Arguments: the groups to run; none = all.
 */
public final class PoolBench {
    /** {@code -Dmp4j.bench.insights=true}: the pools and executors of the hot-path groups keep insights (their cost). */
    static final boolean INSIGHTS = Boolean.getBoolean("mp4j.bench.insights");

    static Pool pool(int n) {
        return Pool.builder().processes(n).insights(INSIGHTS).build();
    }

    static ThreadPool threadPool(int n) {
        return ThreadPool.builder().threads(n).insights(INSIGHTS).build();
    }

    static final int APPLY_CALLS_PER_REP = 1000;
    static final int APPLY_ASYNC_TASKS = 20_000;
    static final int MAP_ITEMS = 1_000_000;
    static final int IMAP_CHUNK1_ITEMS = 20_000;
    static final int IMAP_UNORDERED_CHUNK = 1000;
    static final int EXEC_SUBMIT_TASKS = 20_000;
    static final int EXEC_MAP_ITEMS = 100_000;
    static final int EXEC_MAP_CHUNK = 1000;
    static final int CPU_N = 100_000;
    static final int CPU_N_PRIMES = 9592;
    static final int CPU_TASKS = 40;

    private PoolBench() {}

    static int ident(int x) {
        return x;
    }

    static int square(int x) {
        return x * x;
    }

    /** CPython's count_primes, literally: trial division of every k in [2, n) by odd d with d*d <= k. */
    static int countPrimes(int n) {
        int count = 0;
        for (int k = 2; k < n; k++) {
            if (k % 2 == 0) {
                if (k == 2) count += 1;
                continue;
            }
            boolean isPrime = true;
            int d = 3;
            while (d * d <= k) {
                if (k % d == 0) {
                    isPrime = false;
                    break;
                }
                d += 2;
            }
            if (isPrime) count += 1;
        }
        return count;
    }

    /** Where results go: set by the group that runs. */
    private static Reporter out;

    /** One of run.py's pool groups; thread-twin lines become the {@code thread_twin} reference column. */
    record Group(String name, Rep body) implements BenchGroup {
        static List<BenchGroup> all() {
            return List.of(new Group("pool_startup", PoolBench::poolStartup), new Group("apply", PoolBench::apply),
                    new Group("apply_async", PoolBench::applyAsync), new Group("map", PoolBench::map),
                    new Group("executor", PoolBench::executor), new Group("cpu", PoolBench::cpu));
        }

        @Override
        public void run(Reporter r) throws Exception {
            out = r;
            try {
                body.run();
            } finally {
                org.multiprocessing4j.internal.pool.WorkerCache.clear();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    interface Rep {
        void run() throws Exception;
    }

    static List<Double> timedReps(Rep fn, int warmup, int reps) throws Exception {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < warmup + reps; i++) {
            long t0 = System.nanoTime();
            fn.run();
            long dt = System.nanoTime() - t0;
            if (i >= warmup) out.add(dt / 1e9);
        }
        return out;
    }

    static double median(List<Double> xs) {
        return Stats.median(Stats.doubles(xs));
    }

    static double emit(String name, List<Double> samples, String unit) {
        double[] xs = Stats.doubles(samples);
        String twin = ".thread_twin";
        if (name.endsWith(twin)) {
            out.reference("thread_twin", name.substring(0, name.length() - twin.length()), xs);
            return Stats.median(xs);
        }
        return out.emit(name, xs, unit);
    }

    static void check(boolean cond, String what) {
        if (!cond) throw new AssertionError("correctness check failed: " + what);
    }

    static List<Double> rates(double n, List<Double> seconds) {
        return seconds.stream().map(t -> n / t).toList();
    }

    static List<Double> ms(List<Double> seconds) {
        return seconds.stream().map(t -> t * 1e3).toList();
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    static long sumSquaresBelow(long n) {
        return (n - 1) * n * (2 * n - 1) / 6;
    }

    // ---------------------------------------------------------------- metric 2

    static void poolStartup() throws Exception {
        IntFunction<TaskPool> cold = n -> Pool.builder().processes(n).reuseWorkers(false).build();
        Rep oneCold = () -> startOnce(cold);
        List<Double> first = timedReps(() -> startOnce(n -> new Pool(n)), 0, 1);
        emit("pool_startup_ms.first", ms(first), "ms");
        emit("pool_startup_ms.cold", ms(timedReps(oneCold, 1, 11)), "ms");
        emit("pool_startup_ms.reused", ms(timedReps(() -> startOnce(n -> new Pool(n)), 2, 15)), "ms");
        emit("pool_startup_ms.thread_twin", ms(timedReps(() -> startOnce(ThreadPool::new), 2, 15)), "ms");
    }

    static void startOnce(IntFunction<TaskPool> make) throws Exception {
        TaskPool pool = make.apply(2);
        check(pool.apply(PoolBench::ident, 1) == 1, "pool apply");
        pool.shutdown();
        pool.join();
    }

    // ---------------------------------------------------------------- metric 3

    static void apply() throws Exception {
        emit("apply_roundtrip_us", applyRoundtrip(pool(2)), "us");
        emit("apply_roundtrip_us.thread_twin", applyRoundtrip(threadPool(2)), "us");
    }

    static List<Double> applyRoundtrip(TaskPool pool) throws Exception {
        for (int i = 0; i < 500; i++) pool.apply(PoolBench::ident, i);
        List<Double> repMedians = new ArrayList<>();
        for (int rep = 0; rep < 5; rep++) {
            List<Double> samples = new ArrayList<>(APPLY_CALLS_PER_REP);
            for (int i = 0; i < APPLY_CALLS_PER_REP; i++) {
                long t0 = System.nanoTime();
                int r = pool.apply(PoolBench::ident, i);
                samples.add((System.nanoTime() - t0) / 1e3);
                check(r == i, "apply result");
            }
            repMedians.add(median(samples));
        }
        pool.shutdown();
        pool.join();
        return repMedians;
    }

    // ---------------------------------------------------------------- metric 4

    static void applyAsync() throws Exception {
        emit("apply_async_throughput_tasks_per_s", applyAsyncRates(pool(2)), "tasks/s");
        emit("apply_async_throughput_tasks_per_s.thread_twin", applyAsyncRates(threadPool(2)), "tasks/s");
    }

    static List<Double> applyAsyncRates(TaskPool pool) throws Exception {
        pool.map(PoolBench::ident, range(100));
        int n = APPLY_ASYNC_TASKS;
        long expect = (long) n * (n - 1) / 2;
        List<Double> ts = timedReps(() -> {
            List<AsyncResult<Integer>> rs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) rs.add(pool.applyAsync(PoolBench::ident, i));
            long s = 0;
            for (AsyncResult<Integer> r : rs) s += r.get();
            check(s == expect, "apply_async sum");
        }, 1, 7);
        pool.shutdown();
        pool.join();
        return rates(n, ts);
    }

    // ---------------------------------------------------------------- metric 5

    static void map() throws Exception {
        mapGroup(pool(2), "");
        mapGroup(threadPool(2), ".thread_twin");
    }

    static void mapGroup(TaskPool pool, String suffix) throws Exception {
        pool.map(PoolBench::ident, range(100));
        int n = MAP_ITEMS;
        List<Integer> input = range(n);
        List<Double> ts = timedReps(() -> {
            List<Long> r = pool.map(PoolBench::squareLong, input);
            check(r.size() == n && r.get(n - 1) == (long) (n - 1) * (n - 1), "map result");
        }, 1, 7);
        emit("map_throughput_items_per_s.map_default_chunksize" + suffix, rates(n, ts), "items/s");

        int n1 = IMAP_CHUNK1_ITEMS;
        List<Integer> input1 = range(n1);
        ts = timedReps(() -> {
            long s = 0;
            Iterator<Integer> it = pool.imap(PoolBench::square, input1, 1);
            while (it.hasNext()) s += it.next();
            check(s == sumSquaresBelow(n1), "imap sum");
        }, 1, 7);
        emit("map_throughput_items_per_s.imap_chunksize1" + suffix, rates(n1, ts), "items/s");

        ts = timedReps(() -> {
            long s = 0;
            Iterator<Long> it = pool.imapUnordered(PoolBench::squareLong, input, IMAP_UNORDERED_CHUNK);
            while (it.hasNext()) s += it.next();
            check(s == sumSquaresBelow(n), "imap_unordered sum");
        }, 1, 7);
        emit("map_throughput_items_per_s.imap_unordered_chunksize1000" + suffix, rates(n, ts), "items/s");
        pool.shutdown();
        pool.join();
    }

    /** square on a long: the sum of 1e6 squares needs 64 bits (Python ints are unbounded). */
    static Long squareLong(int x) {
        return (long) x * x;
    }

    // ---------------------------------------------------------------- metric 6

    static void executor() throws Exception {
        executorGroup(ProcessPoolExecutor.builder().maxWorkers(2).insights(INSIGHTS).build(), "");
        executorGroup(ThreadExecutor.builder().maxWorkers(2).insights(INSIGHTS).build(), ".thread_twin");
    }

    static void executorGroup(PoolExecutor ex, String suffix) throws Exception {
        ex.map(PoolBench::ident, range(200), null, 1).forEachRemaining(x -> { });
        int n = EXEC_SUBMIT_TASKS;
        List<Double> ts = new ArrayList<>();
        for (int i = 0; i < 1 + 5; i++) {
            long t0 = System.nanoTime();
            List<CompletableFuture<Integer>> futs = new ArrayList<>(n);
            for (int k = 0; k < n; k++) futs.add(ex.submit(PoolBench::ident, k));
            CompletableFuture.allOf(futs.toArray(CompletableFuture[]::new)).join();
            long dt = System.nanoTime() - t0;
            long s = 0;
            for (CompletableFuture<Integer> f : futs) s += f.join();
            check(s == (long) n * (n - 1) / 2, "submit sum");
            if (i >= 1) ts.add(dt / 1e9);
        }
        emit("executor_submit_throughput_tasks_per_s" + suffix, rates(n, ts), "tasks/s");

        int nm = EXEC_MAP_ITEMS;
        List<Integer> input = range(nm);
        ts = timedReps(() -> {
            long s = 0;
            Iterator<Long> it = ex.map(PoolBench::squareLong, input, null, EXEC_MAP_CHUNK);
            while (it.hasNext()) s += it.next();
            check(s == sumSquaresBelow(nm), "executor map sum");
        }, 1, 11);
        emit("executor_map_throughput_items_per_s.chunksize1000" + suffix, rates(nm, ts), "items/s");
        ex.shutdown(true, false);
    }

    // ---------------------------------------------------------------- metric 11

    static void cpu() throws Exception {
        Pool pool = new Pool(2);
        ThreadPool twin = new ThreadPool(2);
        check(pool.map(PoolBench::countPrimes, List.of(1000, 1000, 1000, 1000)).equals(List.of(168, 168, 168, 168)), "cpu warm-up");
        check(twin.map(PoolBench::countPrimes, List.of(1000, 1000, 1000, 1000)).equals(List.of(168, 168, 168, 168)), "cpu warm-up");
        check(countPrimes(CPU_N) == CPU_N_PRIMES, "count_primes(CPU_N)");
        List<Integer> args = java.util.Collections.nCopies(CPU_TASKS, CPU_N);
        List<Integer> expected = java.util.Collections.nCopies(CPU_TASKS, CPU_N_PRIMES);
        List<Double> serial = new ArrayList<>(), par = new ArrayList<>(), thr = new ArrayList<>();
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            List<Integer> r = new ArrayList<>();
            for (int x : args) r.add(countPrimes(x));
            serial.add((System.nanoTime() - t0) / 1e9);
            check(r.equals(expected), "serial result");
            t0 = System.nanoTime();
            r = pool.map(PoolBench::countPrimes, args);
            par.add((System.nanoTime() - t0) / 1e9);
            check(r.equals(expected), "pool result");
            t0 = System.nanoTime();
            r = twin.map(PoolBench::countPrimes, args);
            thr.add((System.nanoTime() - t0) / 1e9);
            check(r.equals(expected), "thread twin result");
        }
        pool.shutdown();
        pool.join();
        twin.shutdown();
        twin.join();
        emit("cpu_scaling.task_ms", serial.stream().map(t -> t * 1e3 / CPU_TASKS).toList(), "ms");
        double s = emit("cpu_scaling.serial_ms", ms(serial), "ms");
        double q = emit("cpu_scaling.pool2_ms", ms(par), "ms");
        double qt = emit("cpu_scaling.pool2_ms.thread_twin", ms(thr), "ms");
        emit("cpu_scaling.speedup", List.of(s / q), "x");
        emit("cpu_scaling.speedup.thread_twin", List.of(s / qt), "x");
    }

}
