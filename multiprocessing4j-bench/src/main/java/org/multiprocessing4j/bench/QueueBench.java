package org.multiprocessing4j.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.BiFunction;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.queues.SharedQueue;
import org.multiprocessing4j.queues.SimpleSharedQueue;
import org.multiprocessing4j.sync.SharedEvent;

/**
 * Group {@code queue} of the side-by-side benchmark (CPython metric 8): a fresh queue and producer process per
 * repetition; the producer sets {@code ready}, waits on {@code go}, then puts the ints 0..199,999; the parent
 * consumes them. The clock runs from {@code go.set()} to the last take; the sum is checked; joining the producer is
 * outside the clock. 1 warm-up + 5 timed repetitions; the median rate is printed as
 * {@code name<TAB>value<TAB>unit}.
 */
public final class QueueBench {
    static final int ITEMS = 200_000, WARMUP = 1, REPS = 5;
    static final long EXPECTED_SUM = (long) ITEMS * (ITEMS - 1) / 2;

    private QueueBench() {}

    /** Group {@code queue}: run.py's metrics 8 and 8b. */
    static final class Group implements BenchGroup {
        @Override
        public String name() {
            return "queue";
        }

        @Override
        public void run(Reporter r) throws Exception {
            r.emit("queue_throughput_items_per_s.Queue", rates(QueueBench::queueRep), "items/s");
            r.emit("queue_throughput_items_per_s.SimpleQueue", rates(QueueBench::simpleRep), "items/s");
        }
    }

    interface Rep {
        double run() throws Exception;
    }

    static double[] rates(Rep rep) throws Exception {
        for (int i = 0; i < WARMUP; i++) rep.run();
        double[] rates = new double[REPS];
        for (int i = 0; i < REPS; i++) rates[i] = rep.run();
        return rates;
    }

    static double queueRep() throws Exception {
        SharedQueue<Integer> q = new SharedQueue<>();
        return timedRep((ready, go) -> () -> produce(q, ready, go), q::take);
    }

    static double simpleRep() throws Exception {
        SimpleSharedQueue<Integer> q = new SimpleSharedQueue<>();
        return timedRep((ready, go) -> () -> produceSimple(q, ready, go), q::get);
    }

    /** The parent's side of one item. */
    interface Take {
        int next() throws InterruptedException;
    }

    /** One repetition: start the producer, wait until it is ready, then time go.set() to the last item. */
    static double timedRep(BiFunction<SharedEvent, SharedEvent, SerializableRunnable> producer, Take take) throws Exception {
        SharedEvent ready = new SharedEvent(), go = new SharedEvent();
        JvmProcess p = new JvmProcess(producer.apply(ready, go)).daemon(true);
        p.start();
        try {
            if (!ready.await(Duration.ofSeconds(60))) throw new IllegalStateException("producer not ready");
            long t0 = System.nanoTime();
            go.set();
            long sum = 0;
            for (int i = 0; i < ITEMS; i++) sum += take.next();
            long t1 = System.nanoTime();
            check(sum);
            return ITEMS / ((t1 - t0) / 1e9);
        } finally {
            finish(p);
        }
    }

    private static void produce(SharedQueue<Integer> q, SharedEvent ready, SharedEvent go) {
        try {
            ready.set();
            go.await();
            for (int i = 0; i < ITEMS; i++) q.put(i);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void produceSimple(SimpleSharedQueue<Integer> q, SharedEvent ready, SharedEvent go) {
        try {
            ready.set();
            go.await();
            for (int i = 0; i < ITEMS; i++) q.put(i);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(long sum) {
        if (sum != EXPECTED_SUM) throw new IllegalStateException("sum " + sum + " != " + EXPECTED_SUM);
    }

    private static void finish(JvmProcess p) throws InterruptedException {
        if (!p.join(Duration.ofSeconds(60))) p.kill();
        p.join(Duration.ofSeconds(30));
        if (p.exitCode().orElse(-1) != 0) throw new IllegalStateException("producer failed: " + p.exitCode());
        p.close();
    }
}
