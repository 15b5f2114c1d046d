package org.multiprocessing4j.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.queues.SharedQueue;

/**
 * Producers and consumers ending on sentinels (seed 001): one producer process puts numbered tasks, 10 consumer
 * processes square them, and the main process puts one sentinel per consumer, so each consumer stops after taking
 * exactly one. Results travel back on a second queue.
 */
public final class SentinelProducerConsumer {
    /** The end-of-work marker; a queue does not carry null. */
    static final Integer SENTINEL = -1;

    private SentinelProducerConsumer() {}

    static void produce(SharedQueue<Integer> tasks, int count) {
        for (int i = 0; i < count; i++) tasks.offer(i);
    }

    static void consume(SharedQueue<Integer> tasks, SharedQueue<long[]> results) {
        try {
            long handled = 0;
            for (Integer n; !(n = tasks.take()).equals(SENTINEL); handled++) results.put(new long[] {n, (long) n * n});
            results.put(new long[] {-1, handled}); // this consumer's tally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Computes the sum of the squares of 0..count-1 with one producer and {@code consumers} consumer processes.
     *
     * @param count how many numbers
     * @param consumers how many consumer processes
     * @return the sum
     * @throws InterruptedException if interrupted while waiting
     */
    public static long run(int count, int consumers) throws InterruptedException {
        SharedQueue<Integer> tasks = new SharedQueue<>();
        SharedQueue<long[]> results = new SharedQueue<>();
        JvmProcess producer = JvmProcess.of(SentinelProducerConsumer::produce, tasks, count);
        List<JvmProcess> workers = new ArrayList<>();
        for (int i = 0; i < consumers; i++) workers.add(JvmProcess.of(SentinelProducerConsumer::consume, tasks, results));
        producer.start();
        workers.forEach(JvmProcess::start);
        join(producer);
        for (int i = 0; i < consumers; i++) tasks.put(SENTINEL); // after every task: one per consumer
        long sum = 0, tallied = 0;
        for (int ended = 0; ended < consumers; ) {
            long[] r = results.poll(Duration.ofMinutes(2));
            if (r == null) throw new IllegalStateException("a consumer stopped answering");
            if (r[0] == -1) {
                ended++;
                tallied += r[1];
            } else {
                sum += r[1];
            }
        }
        for (JvmProcess w : workers) join(w);
        if (tallied != count) throw new IllegalStateException("consumers handled " + tallied + " of " + count);
        return sum;
    }

    private static void join(JvmProcess p) throws InterruptedException {
        if (!p.join(Duration.ofMinutes(2)) || p.exitCode().orElse(-1) != 0) {
            p.kill();
            throw new IllegalStateException(p + " failed");
        }
        p.close();
    }

    /**
     * Runs the example from the command line.
     *
     * @param args {@code [count [consumers]]}, default 1000 and 10
     * @throws InterruptedException if interrupted while waiting for the children
     */
    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int consumers = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.println("sum of squares = " + run(count, consumers));
    }
}
