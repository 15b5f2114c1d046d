package org.multiprocessing4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One JVM shutdown hook that runs the library's exit work in order — first joining children (Python's exit
 * handling), then removing the runtime directory — because the JDK runs separate hooks concurrently, and a child
 * still connecting needs the control socket that the clean-up removes.
 */
public final class ExitHooks {
    /**
     * Earlier phases run first. {@code FLUSH}: data this process still owes to others (queue feeders), which must go
     * out while the children that read it still run; it also runs when a child's task ends ({@link #runFlush()}).
     */
    public enum Phase { FLUSH, CHILDREN, FILES }

    private static final List<List<Runnable>> PHASES = new ArrayList<>();
    private static boolean installed;

    private ExitHooks() {}

    public static synchronized void add(Phase phase, Runnable action) {
        if (!installed) {
            for (int i = 0; i < Phase.values().length; i++) PHASES.add(new ArrayList<>());
            Runtime.getRuntime().addShutdownHook(new Thread(ExitHooks::runAll, "mp4j-exit"));
            installed = true;
        }
        PHASES.get(phase.ordinal()).add(action);
    }

    /**
     * Runs the {@code FLUSH} actions now: a child JVM halts instead of exiting (no shutdown hooks), so it calls this
     * when its task ends, as Python's child runs its exit finalizers (a queue's feeder is joined there).
     */
    public static void runFlush() {
        List<Runnable> flush;
        synchronized (ExitHooks.class) {
            if (!installed) return;
            flush = new ArrayList<>(PHASES.get(Phase.FLUSH.ordinal()));
        }
        for (Runnable r : flush) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // one failed clean-up must not stop the others
            }
        }
    }

    private static void runAll() {
        List<List<Runnable>> phases;
        synchronized (ExitHooks.class) {
            phases = new ArrayList<>();
            for (List<Runnable> p : PHASES) phases.add(new ArrayList<>(p));
        }
        for (List<Runnable> phase : phases) {
            for (Runnable r : phase) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    // one failed clean-up must not stop the others
                }
            }
        }
    }
}
