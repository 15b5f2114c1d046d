package org.multiprocessing4j.examples;

import java.time.Duration;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.shm.SharedArray;
import org.multiprocessing4j.shm.SharedValue;
import org.multiprocessing4j.sync.SharedSemaphore;

/**
 * Seed 001's float channel: messages of doubles pass from a producer process to a consumer process through one
 * shared raw array, guarded by a shared length value and two semaphores ({@code empty}: the buffer may be written;
 * {@code full}: a message is waiting). The consumer checks every value it receives.
 *
 * <p>(The seed's Python assigned {@code buffer_len = n} instead of {@code buffer_len.value = n}, so the consumer
 * never saw the length; here the length really travels through shared memory.)
 *
 * <p>Usage: {@code FloatChannel [messages [doublesPerMessage]]}, default 1000 messages of 100,000 doubles.
 */
public final class FloatChannel {
    private FloatChannel() {}

    /**
     * The channel: one buffer, its current length, and the two semaphores of a one-slot bounded buffer.
     *
     * @param buffer the shared doubles
     * @param length how many of them the current message has
     * @param empty one permit while the buffer may be written
     * @param full one permit while a message waits
     */
    record Channel(SharedArray.OfDouble buffer, SharedValue.OfInt length, SharedSemaphore empty, SharedSemaphore full)
            implements java.io.Serializable {
        static Channel create(int capacity) {
            return new Channel(SharedArray.rawDoubles(capacity), SharedValue.ofInt(0), new SharedSemaphore(1),
                    new SharedSemaphore(0));
        }

        void send(double[] message, int n) throws InterruptedException {
            if (!empty.tryAcquire(Duration.ofSeconds(60))) throw new IllegalStateException("consumer stalled");
            buffer.copyFrom(message, 0, 0, n);
            length.set(n);
            full.release();
        }

        int receive(double[] into) throws InterruptedException {
            if (!full.tryAcquire(Duration.ofSeconds(60))) throw new IllegalStateException("producer stalled");
            int n = length.get();
            buffer.copyTo(0, into, 0, n);
            empty.release();
            return n;
        }
    }

    /** The value at position {@code i} of message {@code m}. */
    static double value(int m, int i) {
        return m * 1_000_003.0 + i * 0.5;
    }

    static void produce(Channel ch, int messages, int size) {
        double[] msg = new double[size];
        try {
            for (int m = 0; m < messages; m++) {
                int n = size - (m % 7); // lengths vary, so the length value matters
                for (int i = 0; i < n; i++) msg[i] = value(m, i);
                ch.send(msg, n);
            }
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    static void consume(Channel ch, int messages, int size, SharedValue.OfLong checked) {
        double[] msg = new double[size];
        try {
            for (int m = 0; m < messages; m++) {
                int n = ch.receive(msg);
                if (n != size - (m % 7)) throw new IllegalStateException("message " + m + ": length " + n);
                for (int i = 0; i < n; i++) {
                    if (msg[i] != value(m, i)) throw new IllegalStateException("message " + m + "[" + i + "] = " + msg[i]);
                }
                checked.getAndAdd(n);
            }
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    /**
     * Runs producer and consumer processes.
     *
     * @param messages how many messages
     * @param size the largest message, in doubles
     * @param timeout how long each process may take
     * @return how many doubles the consumer checked
     * @throws InterruptedException if interrupted while waiting for the processes
     */
    public static long run(int messages, int size, Duration timeout) throws InterruptedException {
        Channel ch = Channel.create(size);
        SharedValue.OfLong checked = SharedValue.rawLong(0);
        try (JvmProcess producer = new JvmProcess(() -> produce(ch, messages, size)).name("producer").daemon(true);
             JvmProcess consumer = new JvmProcess(() -> consume(ch, messages, size, checked)).name("consumer").daemon(true)) {
            producer.start();
            consumer.start();
            try {
                if (!producer.join(timeout) || !consumer.join(timeout)) throw new IllegalStateException("timed out");
                if (producer.exitCode().getAsInt() != 0 || consumer.exitCode().getAsInt() != 0) {
                    throw new IllegalStateException("producer exit " + producer.exitCode() + ", consumer exit "
                            + consumer.exitCode());
                }
            } finally {
                if (producer.isAlive()) producer.kill();
                if (consumer.isAlive()) consumer.kill();
                producer.join(Duration.ofSeconds(30));
                consumer.join(Duration.ofSeconds(30));
            }
        }
        return checked.get();
    }

    /**
     * Runs the example from the command line.
     *
     * @param args {@code [messages [doublesPerMessage]]}, default 1000 and 100,000
     * @throws InterruptedException if interrupted while waiting for the children
     */
    public static void main(String[] args) throws InterruptedException {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long t0 = System.nanoTime();
        long checked = run(messages, size, Duration.ofMinutes(10));
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%d messages, %d doubles checked, %.2f s, %.0f MB/s%n", messages, checked, s,
                checked * 8 / s / 1e6);
    }
}
