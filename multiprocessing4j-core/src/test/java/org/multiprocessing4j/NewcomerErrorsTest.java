package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.codec.DecodingException;

/**
 * The errors a newcomer meets before anything runs — wrong platform, native access denied, a program run from
 * source, a class the receiving JVM cannot load — each triggered for real in a JVM started as a user would start
 * it, and read from its output: the first line must say what happened and what to do (docs/troubleshooting.md).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NewcomerErrorsTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    /** The main of the JVMs this test starts: one library entry point per argument, exceptions left uncaught. */
    public static final class Entry {
        private Entry() {}

        static int twice(int x) {
            return 2 * x;
        }

        public static void main(String[] args) throws Exception {
            switch (args[0]) {
                case "pipe" -> org.multiprocessing4j.connection.Pipe.open().close();
                case "pool" -> {
                    try (org.multiprocessing4j.pool.Pool p = new org.multiprocessing4j.pool.Pool(1)) {
                        System.out.println("result " + p.map(Entry::twice, List.of(1, 2)));
                    }
                }
                case "shm" -> org.multiprocessing4j.shm.SharedMemory.create(64).close();
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
    }

    private static String run(List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Jvms.java()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", Jvms.classPath(), Entry.class.getName()));
        cmd.addAll(List.of(args));
        try (LaunchedJvm j = LaunchedJvm.start(cmd)) {
            return j.fullOutput(LONG);
        }
    }

    /** The line of the uncaught exception, as the JVM prints it. */
    private static String uncaught(String output) {
        return output.lines().filter(l -> l.startsWith("Exception in thread \"main\" ")).findFirst()
                .orElseThrow(() -> new AssertionError("no uncaught exception in:\n" + output));
    }

    @Test
    void notLinuxSaysSoAtTheFirstCallNotAsAnInitializerError() throws Exception {
        for (String entry : List.of("pipe", "shm", "pool")) {
            String out = run(List.of("-Dos.name=Windows", "--enable-native-access=ALL-UNNAMED"), entry);
            String line = uncaught(out);
            assertTrue(line.contains("multiprocessing4j runs on Linux only (x86-64, aarch64); this is Windows"), out);
            assertTrue(line.contains("Linux container or virtual machine"), out);
            assertFalse(out.contains("ExceptionInInitializerError") || out.contains("NoClassDefFoundError"), out);
        }
    }

    @Test
    void deniedNativeAccessNamesTheFlag() throws Exception {
        for (String entry : List.of("pipe", "pool")) {
            String out = run(List.of("--illegal-native-access=deny"), entry);
            String line = uncaught(out);
            assertTrue(line.contains("this JVM denies it native access"), out);
            assertTrue(line.contains("--enable-native-access=ALL-UNNAMED"), out);
            assertTrue(line.contains("Enable-Native-Access: ALL-UNNAMED"), out);
            assertFalse(out.contains("ExceptionInInitializerError"), out);
        }
    }

    @Test
    void withoutTheFlagItRunsAndSaysOnceWhichFlagToAdd() throws Exception {
        String out = run(List.of(), "pool");
        assertTrue(out.contains("result [2, 4]"), out);
        assertTrue(out.contains("start this JVM with --enable-native-access=ALL-UNNAMED"), out);
        assertEquals(1, out.split("start this JVM with", -1).length - 1, "said once: " + out);
    }

    @Test
    void aProgramRunFromSourceIsToldToCompileFirst(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("FromSource.java");
        Files.writeString(src, """
                public class FromSource {
                    static void hello(String who) { System.out.println("hello " + who); }
                    public static void main(String[] args) throws Exception {
                        org.multiprocessing4j.JvmProcess.of(FromSource::hello, "child").start();
                    }
                }
                """);
        List<String> cmd = List.of(Jvms.java(), "--enable-native-access=ALL-UNNAMED", "-cp", Jvms.classPath(), src.toString());
        long t0 = System.nanoTime();
        String out;
        try (LaunchedJvm j = LaunchedJvm.start(cmd)) {
            out = j.fullOutput(LONG);
        }
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos(), "at once, not after a hang");
        String line = uncaught(out);
        assertTrue(line.contains("ProcessStartException: cannot start a child JVM that can load FromSource:"), out);
        assertTrue(line.contains("runs from source"), out);
        assertTrue(line.contains("Compile it first"), out);
    }

    /** Its encoding, renamed, stands for a class a child cannot load. */
    public static final class Stranger implements java.io.Serializable {}

    @Test
    void aClassTheReceiverCannotLoadSaysHowToGiveItTheClassPath() throws Exception {
        Codec codec = Codec.javaSerialization(null);
        byte[] b = codec.encode(new Stranger());
        // the same stream, naming a class no loader here has
        String name = Stranger.class.getName();
        String other = name.replace("Stranger", "Strangex");
        byte[] renamed = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).replace(name, other)
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        DecodingException e = assertThrows(DecodingException.class, () -> codec.decode(renamed, 0, renamed.length));
        String m = e.getMessage();
        assertTrue(m.contains("class " + other + " is not on this JVM's class path"), m);
        assertTrue(m.contains("Context.builder().classPath(...)"), m);
        assertTrue(m.contains("Pool.builder().context(...)"), m);
        assertTrue(m.contains("java Main.java"), m);
    }
}
