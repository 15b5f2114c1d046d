package org.multiprocessing4j.examples;

import java.io.Serial;

import org.multiprocessing4j.JvmProcess;

/**
 * The seed's {@code ClockProcess}: a subclass of the process class that keeps its settings in fields and overrides
 * {@code run()}. The fields travel to the child with the object.
 *
 * <pre>java ... org.multiprocessing4j.examples.ClockProcess [intervalSeconds=1] [count=3]</pre>
 */
public class ClockProcess extends JvmProcess {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Seconds between two lines. */
    private final double interval;
    /** How many lines. */
    private final int count;

    /**
     * A process that prints the time {@code count} times, {@code interval} seconds apart.
     *
     * @param interval the pause between two lines, in seconds
     * @param count how many lines
     */
    public ClockProcess(double interval, int count) {
        this.interval = interval;
        this.count = count;
    }

    @Override
    public void run() {
        Clock.clock(interval, count);
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
        ClockProcess p = new ClockProcess(interval, count);
        p.start();
        System.out.println("started " + p);
        p.join();
        System.out.println("ended: " + p);
    }
}
