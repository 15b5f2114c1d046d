package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test support: runs a command to its end (bounded) and collects its output; checks no JVM is left behind. */
record Launched(int exitCode, String output) {
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code mainClass} on this JVM's class path in a fresh JVM, as {@code java -cp} would. */
    static Launched main(Class<?> mainClass, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                absolute(System.getProperty("java.class.path")), mainClass.getName()));
        cmd.addAll(List.of(args));
        return run(cmd, null, Duration.ofSeconds(60));
    }

    /** Runs the example {@code name} through {@link Examples}, as {@code bin/example name args...} does. */
    static Launched example(String name, String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        return main(Examples.class, all);
    }

    static Launched run(List<String> cmd, File dir, Duration timeout) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = Thread.ofPlatform().daemon().start(() -> copy(p.getInputStream(), out));
        List<ProcessHandle> family = new ArrayList<>();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                family.addAll(p.descendants().toList());
                throw new AssertionError("still running after " + timeout + ": " + cmd + "\n" + text(out));
            }
            pump.join(timeout); // ends once every process sharing the output has ended
            return new Launched(p.exitValue(), text(out));
        } finally {
            family.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            byte[] b = new byte[8192];
            for (int n; (n = in.read(b)) > 0; ) {
                synchronized (out) {
                    out.write(b, 0, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static String absolute(String cp) {
        List<String> r = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) if (!e.isEmpty()) r.add(Path.of(e).toAbsolutePath().toString());
        return String.join(File.pathSeparator, r);
    }

    /** Kills any live descendant JVM and fails if there was one. */
    static void assertNoLiveDescendants() {
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        List<String> described = new ArrayList<>();
        for (ProcessHandle h : left) {
            described.add(h.pid() + " " + h.info().commandLine().orElse("?"));
            h.destroyForcibly();
        }
        for (ProcessHandle h : left) h.onExit().join();
        assertEquals(List.of(), described, "processes left alive by the test (now killed)");
    }
}
