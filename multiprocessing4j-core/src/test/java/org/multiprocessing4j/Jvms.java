package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test support: every test that starts JVMs checks afterwards that none is left, so a leak fails the test that
 * caused it instead of slowing down (or hanging) the ones after it.
 */
public final class Jvms {
    private Jvms() {}

    /** Kills every live descendant JVM, waits for each, and fails if there was any. */
    public static void assertNoLiveDescendants() {
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(Jvms::isJava).toList();
        List<String> described = new ArrayList<>();
        for (ProcessHandle h : left) {
            described.add(h.pid() + " " + h.info().commandLine().orElse("?"));
            h.destroyForcibly();
        }
        for (ProcessHandle h : left) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("cannot reap leftover JVM " + h.pid(), e);
            }
        }
        assertEquals(List.of(), described, "JVMs left alive by the test (now killed)");
    }

    private static boolean isJava(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/java")).orElse(true);
    }

    /** The java binary running this test. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's class path (Surefire's test class path), absolute. */
    public static String classPath() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) out.add(Path.of(e).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, out);
    }

    /** A command that runs {@code mainClass} in a fresh JVM on this JVM's class path. */
    public static List<String> javaCommand(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath(), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Reads a whole file as UTF-8. */
    public static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
