package org.multiprocessing4j.examples;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import org.multiprocessing4j.JvmProcess;

/**
 * The seed's {@code clock} function run in a process: prints the time every {@code interval} seconds,
 * {@code count} times, while the parent waits for it.
 *
 * <pre>java ... org.multiprocessing4j.examples.Clock [intervalSeconds=1] [count=3]</pre>
 */
public final class Clock {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private Clock() {}

    /**
     * Prints the time {@code count} times, {@code intervalSeconds} apart.
     *
     * @param intervalSeconds the pause between two lines
     * @param count how many lines
     */
    public static void clock(double intervalSeconds, int count) {
        for (int i = 0; i < count; i++) {
            System.out.println("The time is " + LocalTime.now().format(TIME));
            System.out.flush();
            if (i < count - 1) sleep(intervalSeconds);
        }
    }

    static void sleep(double seconds) {
        try {
            Thread.sleep(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Runs the example from the command line.
     *
     * @param args {@code [intervalSeconds [count]]}, default 1 and 3
     * @throws InterruptedException if interrupted while waiting for the children
     */
    public static void main(String[] args) throws InterruptedException {
        double interval = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        JvmProcess p = JvmProcess.of(Clock::clock, interval, count);
        p.start();
        System.out.println("started " + p.name() + " (pid " + p.pid().getAsLong() + ")");
        p.join();
        System.out.println(p.name() + " ended with exit code " + p.exitCode().getAsInt());
    }
}
