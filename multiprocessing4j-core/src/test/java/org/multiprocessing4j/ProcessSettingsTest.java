package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;

/** Per-process JVM settings, and how a child ends: its threads, its parent. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessSettingsTest {
    static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    static void reportSettings(Connection c) {
        try {
            c.send(new Object[] {System.getProperty("mp4j.test.prop"), System.getenv("MP4J_TEST_ENV"),
                    Path.of("").toAbsolutePath().toString(), Runtime.getRuntime().maxMemory()});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void optionsPropertiesEnvironmentAndWorkingDirectoryReachTheChild() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            JvmProcess p = JvmProcess.of(ProcessSettingsTest::reportSettings, pipe.second())
                    .jvmOptions("-Xmx48m").systemProperty("mp4j.test.prop", "a value with spaces")
                    .environment("MP4J_TEST_ENV", "env-value").workingDirectory(tmp);
            p.start();
            assertTrue(pipe.first().poll(LONG));
            Object[] r = (Object[]) pipe.first().recv();
            assertTrue(p.join(LONG));
            assertEquals(0, p.exitCode().getAsInt());
            assertEquals("a value with spaces", r[0]);
            assertEquals("env-value", r[1]);
            assertEquals(tmp.toRealPath().toString(), Path.of((String) r[2]).toRealPath().toString());
            assertTrue((Long) r[3] <= 48L << 20, "max heap " + r[3]);
        }
    }

    @Test
    void aJvmThatCannotStartEndsWithAnExitCodeNotAHang() throws Exception {
        Path err = tmp.resolve("err.txt");
        JvmProcess p = new JvmProcess(() -> {}).jvmOptions("-XX:+ThisOptionDoesNotExist")
                .redirectError(Redirect.to(err.toFile())).redirectOutput(Redirect.appendTo(err.toFile()));
        p.start();
        assertTrue(p.join(LONG));
        assertEquals(1, p.exitCode().getAsInt());
        assertTrue(Files.readString(err).contains("ThisOptionDoesNotExist"), Files.readString(err));
    }

    /** Returns at once, leaving a non-daemon thread that answers once the parent says go. */
    static void leaveAThread(Connection c) {
        Thread.ofPlatform().daemon(false).start(() -> {
            try {
                c.recv();
                c.send("thread done");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            c.send("run returned");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theChildWaitsForItsNonDaemonThreads() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            JvmProcess p = JvmProcess.of(ProcessSettingsTest::leaveAThread, pipe.second());
            p.start();
            assertTrue(pipe.first().poll(LONG));
            assertEquals("run returned", pipe.first().recv());
            assertFalse(p.join(Duration.ofMillis(300)), "run() returned but its thread still runs");
            pipe.first().send("go");
            assertTrue(pipe.first().poll(LONG));
            assertEquals("thread done", pipe.first().recv());
            assertTrue(p.join(LONG));
            assertEquals(0, p.exitCode().getAsInt());
        }
    }

    /** Reports whether its parent is alive, waits (bounded) for the parent to end, and reports again. */
    static void watchParent(Connection c) {
        try {
            JvmProcess parent = Multiprocessing.parentProcess().orElseThrow();
            c.send(new Object[] {ProcessHandle.current().pid(), parent.isAlive()});
            parent.join(LONG);
            c.send(parent.isAlive());
        } catch (IOException | InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    static void startWatcherThenSleep(Connection c) {
        JvmProcess g = JvmProcess.of(ProcessSettingsTest::watchParent, c); // not a daemon: it outlives us
        g.start();
        try {
            Thread.sleep(Duration.ofMinutes(5)); // ended by the test
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void aGrandchildSeesItsParentEnd() throws Exception {
        try (Pipe pipe = Pipe.open(false)) {
            JvmProcess p = JvmProcess.of(ProcessSettingsTest::startWatcherThenSleep, pipe.second());
            p.start();
            assertTrue(pipe.first().poll(LONG));
            Object[] first = (Object[]) pipe.first().recv();
            ProcessHandle grandchild = ProcessHandle.of((Long) first[0]).orElseThrow();
            assertEquals(true, first[1], "parent alive");
            p.terminate();
            assertTrue(p.join(LONG));
            assertEquals(-15, p.exitCode().getAsInt());
            assertTrue(pipe.first().poll(LONG));
            assertEquals(false, pipe.first().recv(), "parent no longer alive");
            grandchild.onExit().get(30, TimeUnit.SECONDS); // orphaned, so not our descendant any more: wait here
        }
    }
}
