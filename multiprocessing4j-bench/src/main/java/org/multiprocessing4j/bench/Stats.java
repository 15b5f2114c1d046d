package org.multiprocessing4j.bench;

import java.util.Arrays;

/** The statistics and number format of run.py, so both columns are computed and printed the same way. */
public final class Stats {
    private Stats() {}

    /** run.py's median: the middle value, or the mean of the two middle values for an even count. */
    public static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length, m = n / 2;
        return n % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    public static double median(long[] xs) {
        double[] d = new double[xs.length];
        for (int i = 0; i < xs.length; i++) d[i] = xs[i];
        return median(d);
    }

    /** The samples as an array, in their order. */
    public static double[] doubles(java.util.List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** run.py's fmt: an integer when |v| >= 1000, else three decimals. */
    public static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "-";
        if (Math.abs(v) >= 1000) return Long.toString(Math.round(v));
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    public static double min(double[] xs) {
        return Arrays.stream(xs).min().orElse(Double.NaN);
    }

    public static double max(double[] xs) {
        return Arrays.stream(xs).max().orElse(Double.NaN);
    }
}
