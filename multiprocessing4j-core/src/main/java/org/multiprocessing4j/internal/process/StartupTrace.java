package org.multiprocessing4j.internal.process;

/**
 * With {@code -Dmultiprocessing4j.traceStartup=true} a child prints, to stderr, the milliseconds since its JVM
 * started at each stage of its bootstrap, and the monotonic clock's reading (which the parent's
 * {@code System.nanoTime()} shares): the tool for finding out why children start slowly on a machine.
 */
final class StartupTrace {
    private static final boolean ON = Boolean.getBoolean("multiprocessing4j.traceStartup");

    private StartupTrace() {}

    private static final long T0 = System.nanoTime();

    static void mark(String stage) {
        if (!ON) return;
        // No printf: loading the formatter would cost a cold JVM more than the stages it measures.
        long now = System.nanoTime();
        long micros = (now - T0) / 1000;
        // the monotonic clock is the parent's too: its own System.nanoTime() places these stages on its timeline
        System.err.println("[mp4j startup] +" + micros / 1000 + "." + (micros % 1000) / 100 + " ms since main: " + stage
                + " (nanoTime/1000 = " + now / 1000 + ")");
    }
}
