package org.multiprocessing4j.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.multiprocessing4j.pool.PoolExecutor;
import org.multiprocessing4j.pool.ProcessPoolExecutor;
import org.multiprocessing4j.pool.ThreadExecutor;

/**
 * Seed 003's {@code runner} over {@code ProcessPoolExecutor} and over the thread twin: the same code, one
 * constructor apart; each result is awaited with a timeout ({@code future.result(timeout=...)}), and a task that takes
 * too long gives a {@link TimeoutException} while the others complete.
 */
public final class Runner {
    private Runner() {}

    /** Some CPU work, then {@code millis} of waiting: returns a line naming the input and where it ran. */
    static String runner(int[] job) {
        int n = job[0], millis = job[1];
        long acc = 0;
        for (int i = 0; i < 200_000; i++) acc += (long) i * n % 7;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "runner(" + n + ") = " + acc + " in pid " + ProcessHandle.current().pid() + " "
                + Thread.currentThread().getName();
    }

    /**
     * Submits {@code jobs} to {@code ex} and collects each result with {@code timeout}; a result not ready in time is
     * reported as {@code "timeout"}.
     *
     * @param ex the executor
     * @param jobs (input, milliseconds to sleep) pairs
     * @param timeout how long to wait for each result
     * @return one line per job
     * @throws InterruptedException if interrupted while waiting
     */
    public static List<String> runAll(PoolExecutor ex, List<int[]> jobs, Duration timeout) throws InterruptedException {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int[] job : jobs) futures.add(ex.submit(Runner::runner, job));
        List<String> out = new ArrayList<>();
        for (CompletableFuture<String> f : futures) {
            try {
                out.add(f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                out.add("timeout");
                f.cancel(true); // its worker is killed (a thread is interrupted)
            } catch (ExecutionException e) {
                out.add("failed: " + e.getCause());
            }
        }
        return out;
    }

    static List<int[]> jobs() {
        return List.of(new int[] {1, 10}, new int[] {2, 10}, new int[] {3, 30_000}, new int[] {4, 10});
    }

    /**
     * Runs the example from the command line.
     *
     * @param args {@code [timeoutSeconds]}, how long to wait for each result (default 5)
     * @throws InterruptedException if interrupted while waiting for a result
     */
    public static void main(String[] args) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
        try (PoolExecutor processes = new ProcessPoolExecutor(2)) {
            System.out.println("ProcessPoolExecutor:");
            runAll(processes, jobs(), timeout).forEach(s -> System.out.println("  " + s));
        }
        try (PoolExecutor threads = new ThreadExecutor(2)) {
            System.out.println("ThreadExecutor (the thread twin):");
            runAll(threads, jobs(), timeout).forEach(s -> System.out.println("  " + s));
        }
    }
}
