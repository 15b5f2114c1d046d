package org.multiprocessing4j.hazelcast;

/** Task functions for the cluster tests: test classes, so they reach member-hosted workers by class shipping. */
final class Tasks {
    private Tasks() {}

    static volatile String initialized = "no";

    static int square(int x) {
        return x * x;
    }

    /** The member hosting the worker that runs this (workers get it as a system property). */
    static String member(Object ignored) {
        return System.getProperty("mp4j.cluster.member", "?");
    }

    static long pid(Object ignored) {
        return ProcessHandle.current().pid();
    }

    static String memberAfter(int millis) {
        sleep(millis);
        return member(null);
    }

    static int slowSquare(int x) {
        sleep(20);
        return x * x;
    }

    static int sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new RuntimeException("interrupted", e);
        }
        return millis;
    }

    /**
     * Runs for 30 s after creating {@code marker} (on loopback, the member's file system is the test's), 100 ms into
     * the task: by then the member has reported the task running (it reports every 5 ms).
     */
    static int markAndSleep(String marker) {
        sleep(100);
        try {
            java.nio.file.Files.createFile(java.nio.file.Path.of(marker));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sleep(30_000);
    }

    static int failOn(int x) {
        if (x == 5) throw new IllegalArgumentException("bad input " + x);
        return x;
    }

    static int exit(int code) {
        System.err.println("task exits with " + code);
        System.err.flush();
        Runtime.getRuntime().halt(code);
        return 0;
    }

    static void init(String value) {
        initialized = value;
    }

    static String initialized(Object ignored) {
        return initialized;
    }

    /** A record defined only in the test classes: it must travel both ways. */
    record Point(int x, int y) implements java.io.Serializable {}

    static Point mirror(Point p) {
        return new Point(p.y(), p.x());
    }
}
