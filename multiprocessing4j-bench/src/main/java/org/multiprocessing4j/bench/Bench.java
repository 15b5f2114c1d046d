package org.multiprocessing4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Java side of the side-by-side benchmark (see docs/benchmarks.md; run it through {@code bin/bench}).
 *
 * <pre>
 * Bench [--only g1,g2] [--cpython results.tsv] [--cpython-source text] [--raw java.tsv] [--list]
 * Bench --cpython-groups g1,g2
 * </pre>
 *
 * Runs the groups in run.py's order, then prints to stdout the header and one line per metric:
 * {@code metric unit cpython java ratio goal met [extra columns...]}, TAB-separated. Progress and per-metric
 * spread go to stderr. {@code --raw} also writes the Java column alone in run.py's own format. Java-only groups
 * ({@code cluster}) run only when named; {@code --list} leaves them out and {@code --cpython-groups} prints which
 * of the given groups run.py has.
 */
public final class Bench {
    /** In run.py's order; the process-creation group first, while this JVM is small. */
    static final List<BenchGroup> GROUPS = groups();

    private static List<BenchGroup> groups() {
        List<BenchGroup> pool = PoolBench.Group.all();
        List<BenchGroup> g = new ArrayList<>();
        g.add(new SpawnGroup());
        g.addAll(pool.subList(0, 5)); // pool_startup, apply, apply_async, map, executor
        g.add(new PipeGroup());
        g.add(new QueueBench.Group());
        g.add(new LockShmBench.LockGroup());
        g.add(new LockShmBench.ShmGroup());
        g.add(pool.get(5)); // cpu
        g.add(new Lazy("cluster", "org.multiprocessing4j.bench.ClusterBench")); // Java only, and only when named
        return List.copyOf(g);
    }

    /**
     * A group whose class is loaded only when it runs: the cluster group needs Hazelcast, which {@code bin/bench}
     * puts on the class path only when that group is named.
     */
    private record Lazy(String name, String className) implements BenchGroup {
        @Override
        public void run(Reporter r) throws Exception {
            Class<?> c;
            try {
                c = Class.forName(className);
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                throw new IllegalStateException("group " + name + " needs multiprocessing4j-bench/target/lib-cluster/*.jar "
                        + "on the class path (bin/bench adds them when the group is named)", e);
            }
            var ctor = c.getDeclaredConstructor();
            ctor.setAccessible(true);
            ((BenchGroup) ctor.newInstance()).run(r);
        }
    }

    /** Groups with no counterpart in run.py: run only when named, and never passed to CPython. */
    static final Set<String> JAVA_ONLY = Set.of("cluster");
    static final String VERSION = "1";

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        if (opt.containsKey("list")) {
            System.out.println(GROUPS.stream().map(BenchGroup::name).filter(n -> !JAVA_ONLY.contains(n))
                    .collect(Collectors.joining(",")));
            return;
        }
        if (opt.containsKey("cpython-groups")) {
            // what bin/bench passes to run.py: the named groups that it has
            System.out.println(Arrays.stream(opt.get("cpython-groups").split(",")).filter(n -> !n.isEmpty())
                    .filter(n -> !JAVA_ONLY.contains(n)).collect(Collectors.joining(",")));
            return;
        }
        Set<String> only = new HashSet<>(Arrays.asList(opt.getOrDefault("only", "").split(",")));
        only.remove("");
        Set<String> known = GROUPS.stream().map(BenchGroup::name).collect(Collectors.toSet());
        if (!known.containsAll(only)) {
            only.removeAll(known);
            System.err.println("unknown group(s): " + only + "; known: " + known);
            System.exit(2);
        }
        CPythonResults cpy = opt.containsKey("cpython") ? CPythonResults.read(Path.of(opt.get("cpython"))) : CPythonResults.empty();

        PrintStream log = System.err;
        Reporter r = new Reporter(log);
        List<String> header = header();
        header.add("cpython_source: " + opt.getOrDefault("cpython-source", opt.containsKey("cpython") ? opt.get("cpython") : "none"));
        double idleBefore = Noise.idleFraction();
        header.add("cpu_idle_fraction_before: " + Noise.idleLine(idleBefore));
        List<String> checks = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        long start = System.nanoTime();
        for (BenchGroup g : GROUPS) {
            if (only.isEmpty() ? JAVA_ONLY.contains(g.name()) : !only.contains(g.name())) continue;
            ran.add(g.name());
            log.println("[" + g.name() + "] ...");
            r.group(g.name());
            double b0 = Noise.busySeconds(), o0 = Noise.ownSeconds();
            long t0 = System.nanoTime();
            try {
                g.run(r);
            } catch (Exception | Error e) {
                // Keep what the other groups measured; the failure is in the header and on stderr.
                e.printStackTrace();
                r.note("error." + g.name(), String.valueOf(e).replace('\n', ' '));
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double other = (Noise.busySeconds() - b0) - (Noise.ownSeconds() - o0);
            log.printf("[%s] done in %.1f s%n", g.name(), wall);
            checks.add(Noise.checkLine(g.name(), wall, other));
        }
        double total = (System.nanoTime() - start) / 1e9;
        double idleAfter = Noise.idleFraction();

        List<String> out = new ArrayList<>();
        for (String h : header) out.add("# " + h);
        r.notes().forEach((k, v) -> out.add("# " + k + ": " + v));
        for (String c : cpy.comments()) out.add("# cpython." + c.substring(1).trim());
        for (String c : checks) out.add("# check: " + c);
        out.add(String.format(java.util.Locale.ROOT, "# total_runtime_s: %.1f", total));
        out.add("# cpu_idle_fraction_after: " + Noise.idleLine(idleAfter));
        out.addAll(table(r, cpy, ran));
        System.out.flush();
        for (String line : out) System.out.println(line);

        if (opt.containsKey("raw")) writeRaw(Path.of(opt.get("raw")), header, r, checks);
        if (r.notes().keySet().stream().anyMatch(k -> k.startsWith("error."))) System.exit(1);
    }

    /** The joined table: Java metrics in the order measured, then CPython-only metrics of the groups that ran. */
    static List<String> table(Reporter r, CPythonResults cpy, List<String> groups) {
        List<String> extra = new ArrayList<>(r.references().keySet());
        List<String> lines = new ArrayList<>();
        List<String> cols = new ArrayList<>(List.of("metric", "unit", "cpython", "java", "ratio", "goal", "met"));
        cols.addAll(extra);
        lines.add("# columns: " + String.join("\t", cols));
        Set<String> usedCpython = new HashSet<>();
        for (Reporter.Metric m : r.metrics()) {
            String cName = Goals.cpythonName(m.name());
            usedCpython.add(cName);
            double c = cpy.value(cName);
            double ratio = Goals.ratio(m.unit(), c, m.value());
            var goal = Goals.forJava(m.name());
            String met = goal.map(g -> g.absolute() || !Double.isNaN(ratio) ? (g.met(m.value(), ratio) ? "yes" : "no") : "-").orElse("-");
            List<String> row = new ArrayList<>(List.of(m.name(), m.unit(), Stats.fmt(c), Stats.fmt(m.value()),
                    Stats.fmt(ratio), goal.map(Goals.Goal::cell).orElse("-"), met));
            for (String col : extra) {
                Double v = r.references().get(col).get(m.name());
                row.add(v == null ? "-" : Stats.fmt(v));
            }
            lines.add(String.join("\t", row));
        }
        for (CPythonResults.Row c : cpy.rows().values()) {
            if (usedCpython.contains(c.name()) || !groups.contains(c.group())) continue;
            List<String> row = new ArrayList<>(List.of(c.name(), c.unit(), Stats.fmt(c.value()), "-", "-", "-", "-"));
            for (int i = 0; i < extra.size(); i++) row.add("-");
            lines.add(String.join("\t", row));
        }
        return lines;
    }

    static List<String> header() {
        var rt = ManagementFactory.getRuntimeMXBean();
        List<String> h = new ArrayList<>();
        h.add("bench: multiprocessing4j-bench v" + VERSION);
        h.add("date: " + OffsetDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")));
        h.add("jdk: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.vm.name") + ")");
        h.add("java_home: " + System.getProperty("java.home"));
        h.add("gc: " + ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(",")));
        h.add("flags: " + String.join(" ", rt.getInputArguments()));
        h.add("platform: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        h.add("cpu_count: " + Runtime.getRuntime().availableProcessors());
        return h;
    }

    private static void writeRaw(Path file, List<String> header, Reporter r, List<String> checks) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String h : header) lines.add("# " + h);
        r.notes().forEach((k, v) -> lines.add("# " + k + ": " + v));
        for (Reporter.Metric m : r.metrics()) lines.add(m.name() + "\t" + Stats.fmt(m.value()) + "\t" + m.unit());
        r.references().forEach((col, vals) -> vals.forEach((k, v) -> lines.add("# ref." + col + ": " + k + "\t" + Stats.fmt(v))));
        for (String c : checks) lines.add("# check: " + c);
        Files.write(file, lines);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument " + a);
            String key = a.substring(2);
            if (key.equals("list")) opt.put(key, "");
            else if (i + 1 < args.length) opt.put(key, args[++i]);
            else throw new IllegalArgumentException(a + " needs a value");
        }
        return opt;
    }
}
