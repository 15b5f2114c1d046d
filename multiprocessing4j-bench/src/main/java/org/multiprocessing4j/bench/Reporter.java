package org.multiprocessing4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what the groups measure: the Java column's metrics (median of the timed repetitions, as run.py), extra
 * Java-only reference columns (e.g. a thread twin) keyed by column name, and header notes. Prints each metric's
 * spread to stderr in run.py's format as it arrives, so a run can be followed live.
 */
public final class Reporter {
    /** One metric of the Java column; {@code samples} are the per-repetition values. */
    public record Metric(String group, String name, double value, String unit, double[] samples) {}

    private final PrintStream log;
    private final List<Metric> metrics = new ArrayList<>();
    /** column name -> metric name -> value. Insertion order is the column order. */
    private final Map<String, Map<String, Double>> references = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private String group = "";

    public Reporter(PrintStream log) {
        this.log = log;
    }

    void group(String g) {
        this.group = g;
    }

    /** Records a metric whose value is the median of {@code samples}; returns that median. */
    public double emit(String name, double[] samples, String unit) {
        double v = Stats.median(samples);
        metrics.add(new Metric(group, name, v, unit, samples.clone()));
        if (samples.length > 1) {
            log.printf("  %-58s median=%-10s min=%-10s max=%-10s n=%d %s%n", name, Stats.fmt(v),
                    Stats.fmt(Stats.min(samples)), Stats.fmt(Stats.max(samples)), samples.length, unit);
        } else {
            log.printf("  %-58s %s %s%n", name, Stats.fmt(v), unit);
        }
        log.flush();
        return v;
    }

    /** A yes/no metric (unit {@code bool}), printed as 1 or 0 like run.py. */
    public void emitBool(String name, boolean ok) {
        emit(name, new double[] {ok ? 1 : 0}, "bool");
    }

    /** A value for an extra Java-only column (for example "thread"), joined on the metric name. */
    public void reference(String column, String metric, double[] samples) {
        double v = Stats.median(samples);
        references.computeIfAbsent(column, k -> new LinkedHashMap<>()).put(metric, v);
        log.printf("  %-58s [%s] median=%s n=%d%n", metric, column, Stats.fmt(v), samples.length);
    }

    /** A header line {@code # key: value} of the result. */
    public void note(String key, String value) {
        notes.put(key, value);
        log.printf("# %s: %s%n", key, value);
    }

    public List<Metric> metrics() {
        return metrics;
    }

    public Map<String, Map<String, Double>> references() {
        return references;
    }

    public Map<String, String> notes() {
        return notes;
    }

    public void log(String msg) {
        log.println(msg);
        log.flush();
    }
}
