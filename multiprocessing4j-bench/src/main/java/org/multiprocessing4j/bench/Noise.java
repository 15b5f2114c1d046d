package org.multiprocessing4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * run.py's noise checks, for the Java side: the idle fraction of all CPUs over 1 s before and after, and after
 * each group the CPU seconds used system-wide minus those of this JVM and its children (live ones read from
 * /proc, reaped ones through cutime/cstime). Linux only; values are NaN where /proc is unreadable.
 */
final class Noise {
    /** USER_HZ: 100 on every Linux this runs on (run.py asks sysconf; the JDK has no portable way). */
    private static final double TICK = 100.0;

    private Noise() {}

    /** {idle+iowait, total} jiffies of all CPUs. */
    private static long[] cpuLine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) total += Long.parseLong(f[i]);
            return new long[] {Long.parseLong(f[4]) + Long.parseLong(f[5]), total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static double idleFraction() throws InterruptedException {
        long[] a = cpuLine();
        Thread.sleep(1000);
        long[] b = cpuLine();
        if (a == null || b == null) return Double.NaN;
        return (double) (b[0] - a[0]) / Math.max(1, b[1] - a[1]);
    }

    static String idleLine(double idle) {
        if (Double.isNaN(idle)) return "unknown";
        return String.format(java.util.Locale.ROOT, "%.2f", idle)
                + (idle >= 0.9 ? "" : "  WARNING: other CPU load present, results suspect");
    }

    /** System-wide busy CPU seconds so far. */
    static double busySeconds() {
        long[] c = cpuLine();
        return c == null ? Double.NaN : (c[1] - c[0]) / TICK;
    }

    /** CPU seconds of this JVM, its reaped children and its live descendants. */
    static double ownSeconds() {
        double s = procSeconds("self", true);
        for (ProcessHandle d : ProcessHandle.current().descendants().toList()) s += procSeconds(Long.toString(d.pid()), true);
        return s;
    }

    private static double procSeconds(String pid, boolean withChildren) {
        try {
            String data = Files.readString(Path.of("/proc", pid, "stat"));
            List<String> v = List.of(data.substring(data.lastIndexOf(')') + 2).split(" "));
            double t = 0;
            for (int i = 11; i < (withChildren ? 15 : 13); i++) t += Long.parseLong(v.get(i));
            return t / TICK;
        } catch (IOException | RuntimeException e) {
            return 0; // gone meanwhile: its time is now in our cutime once reaped
        }
    }

    /** The {@code # check:} line, with run.py's threshold: other CPU > 0.1 s + 5 % of the wall time. */
    static String checkLine(String group, double wall, double other) {
        boolean warn = other > 0.1 + 0.05 * wall;
        return String.format(java.util.Locale.ROOT, "group=%s wall_s=%.1f other_cpu_s=%.2f%s", group, wall, other,
                warn ? "  WARNING: other CPU load during this group, its results are suspect" : "");
    }
}
