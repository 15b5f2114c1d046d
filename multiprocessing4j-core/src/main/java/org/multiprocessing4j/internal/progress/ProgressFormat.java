package org.multiprocessing4j.internal.progress;

import java.time.Duration;

/** Short human forms of counts, rates and durations for progress lines and reports. */
public final class ProgressFormat {
    private ProgressFormat() {}

    /** {@code 950}, {@code 12.3k}, {@code 4.5M}: three significant digits at most. */
    public static String count(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "?";
        double a = Math.abs(v);
        if (a < 1000) return a < 10 && a != Math.rint(a) ? String.format("%.1f", v) : String.format("%.0f", v);
        String[] units = {"k", "M", "G", "T"};
        int u = -1;
        while (a >= 1000 && u < units.length - 1) {
            a /= 1000;
            v /= 1000;
            u++;
        }
        return (a < 10 ? String.format("%.2f", v) : a < 100 ? String.format("%.1f", v) : String.format("%.0f", v)) + units[u];
    }

    /** {@code 0:07}, {@code 12:34}, {@code 1:02:03}. */
    public static String clock(Duration d) {
        long s = Math.max(0, (d.toMillis() + 500) / 1000);
        long h = s / 3600, m = s / 60 % 60, sec = s % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, sec) : String.format("%d:%02d", m, sec);
    }

    /** {@code 850 µs}, {@code 12.3 ms}, {@code 4.56 s}, {@code 3:12}: for durations in reports. */
    public static String duration(Duration d) {
        long n = d.toNanos();
        if (n < 1_000_000) return String.format("%d µs", n / 1000);
        if (n < 1_000_000_000) return String.format(n < 10_000_000 ? "%.2f ms" : "%.1f ms", n / 1e6);
        if (n < 60_000_000_000L) return String.format("%.2f s", n / 1e9);
        return clock(d);
    }
}
