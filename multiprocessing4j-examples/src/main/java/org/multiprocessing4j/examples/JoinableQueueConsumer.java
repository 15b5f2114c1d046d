package org.multiprocessing4j.examples;

import java.time.Duration;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.queues.JoinableSharedQueue;
import org.multiprocessing4j.queues.SharedQueue;

/**
 * Seed 001's JoinableQueue consumer: a daemon consumer process marks every item done; the main process puts the
 * items and waits in {@code join()} until all are done. The daemon consumer ends with the main process.
 */
public final class JoinableQueueConsumer {
    private JoinableQueueConsumer() {}

    /** The consumer: takes items for ever, reports each, marks it done. */
    static void consumer(JoinableSharedQueue<String> input, SharedQueue<String> output) {
        try {
            while (true) {
                String item = input.take();
                output.put(item.toUpperCase());
                input.taskDone();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Puts {@code items}, waits until the consumer has done them all, and counts the results.
     *
     * @param items the items
     * @return how many results came back
     * @throws InterruptedException if interrupted while waiting
     */
    public static int run(String... items) throws InterruptedException {
        JoinableSharedQueue<String> q = new JoinableSharedQueue<>();
        SharedQueue<String> results = new SharedQueue<>();
        JvmProcess consumer = JvmProcess.of(JoinableQueueConsumer::consumer, q, results).daemon(true);
        consumer.start();
        try {
            for (String item : items) q.put(item);
            if (!q.join(Duration.ofMinutes(2))) throw new IllegalStateException("the consumer did not finish");
            int n = 0;
            while (results.poll() != null) n++;
            return n;
        } finally {
            consumer.terminate(); // a daemon would end with us anyway; tidy for callers that live on
            consumer.join(Duration.ofSeconds(30));
            consumer.close();
        }
    }

    /**
     * Runs the example from the command line.
     *
     * @param args none
     * @throws InterruptedException if interrupted while waiting for the children
     */
    public static void main(String[] args) throws InterruptedException {
        int n = run("apple", "banana", "cherry", "date", "elderberry");
        System.out.println("all " + n + " items done");
    }
}
