package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Connections;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.connection.Sentinel;

/** The behaviour of CPython's {@code _TestProcess}, on worker JVMs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessTest {
    static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    // ------------------------------------------------------------ child-side targets

    /** Waits for the parent's go (any message), then returns. */
    static void awaitGo(Connection c) {
        try {
            c.recv();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tells the parent it runs, then sleeps far longer than any test: it is only ever killed. */
    static void readyThenSleep(Connection c) {
        try {
            c.send("ready");
            Thread.sleep(Duration.ofMinutes(5));
        } catch (IOException | InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    static void fail(String message) {
        throw new IllegalStateException(message);
    }

    static void exitWith(SystemExit e) {
        throw e;
    }

    /** Sends back what the child knows about itself and its parent. */
    static void describe(Connection c) {
        try {
            JvmProcess me = Multiprocessing.currentProcess();
            JvmProcess parent = Multiprocessing.parentProcess().orElseThrow();
            c.send(new Object[] {me.name(), me.pid().orElse(-1), me.isDaemon(), me.isAlive(),
                    parent.name(), parent.pid().orElse(-1), parent.isAlive(), me.authkey(),
                    ProcessHandle.current().pid(), me.exitCode().isPresent()});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a grandchild that reports its identity, then reports its own. */
    static void startGrandchild(Connection c) {
        try {
            JvmProcess g = JvmProcess.of(ProcessTest::describe, c);
            g.start();
            if (!g.join(LONG)) throw new IllegalStateException("grandchild did not end");
            c.send(new Object[] {"child", Multiprocessing.currentProcess().name(), ProcessHandle.current().pid(),
                    g.exitCode().orElse(-100)});
        } catch (IOException | InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    static void joined(JvmProcess p) throws InterruptedException {
        assertTrue(p.join(LONG), () -> p + " did not end in time");
    }

    // ------------------------------------------------------------ lifecycle and exit codes

    @Test
    void lifecycleOfANormalRun() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            JvmProcess p = JvmProcess.of(ProcessTest::awaitGo, pipe.second()).name("SomeProcess").daemon(true);
            assertFalse(p.isAlive());
            assertTrue(p.isDaemon());
            assertTrue(p.exitCode().isEmpty());
            assertTrue(p.pid().isEmpty());
            assertFalse(Multiprocessing.activeChildren().contains(p));
            assertArrayEquals(Multiprocessing.currentProcess().authkey(), p.authkey());

            p.start();
            assertTrue(p.isAlive());
            assertTrue(p.exitCode().isEmpty());
            assertTrue(p.pid().isPresent());
            assertTrue(Multiprocessing.activeChildren().contains(p));
            assertFalse(p.join(Duration.ZERO), "join(0) on a running child returns at once");
            assertFalse(p.join(Duration.ofMillis(50)));

            pipe.first().send("go");
            joined(p);
            assertEquals(0, p.exitCode().getAsInt());
            assertFalse(p.isAlive());
            assertFalse(Multiprocessing.activeChildren().contains(p));
            assertTrue(p.join(Duration.ZERO), "join on an ended child returns true at once");
        }
    }

    @Test
    void uncaughtExceptionExitsWithOneAndPrintsTheStackTrace() throws Exception {
        Path err = tmp.resolve("stderr.txt");
        JvmProcess p = JvmProcess.of(ProcessTest::fail, "MARKER-42").redirectError(Redirect.to(err.toFile()));
        p.start();
        joined(p);
        assertEquals(1, p.exitCode().getAsInt());
        String text = Jvms.read(err);
        assertTrue(text.contains("Process " + p.name()), text);
        assertTrue(text.contains("java.lang.IllegalStateException: MARKER-42"), text);
        assertTrue(text.contains("ProcessTest.fail"), "the trace names the failing method: " + text);
    }

    @Test
    void systemExitSetsTheExitCode() throws Exception {
        Path err = tmp.resolve("stderr.txt");
        List<SystemExit> exits = List.of(new SystemExit(0), new SystemExit(8), new SystemExit(-1),
                new SystemExit("ignore this"));
        List<JvmProcess> ps = exits.stream()
                .map(e -> JvmProcess.of(ProcessTest::exitWith, e).redirectError(Redirect.appendTo(err.toFile())))
                .toList();
        for (JvmProcess p : ps) p.start();
        for (JvmProcess p : ps) joined(p);
        assertEquals(0, ps.get(0).exitCode().getAsInt());
        assertEquals(8, ps.get(1).exitCode().getAsInt());
        assertEquals(255, ps.get(2).exitCode().getAsInt(), "the OS keeps the low 8 bits, as Python's sys.exit(-1)");
        assertEquals(1, ps.get(3).exitCode().getAsInt(), "a message means exit code 1");
        String text = Jvms.read(err);
        assertTrue(text.contains("ignore this"), text);
        assertFalse(text.contains("Exception"), "SystemExit is not an error: no stack trace. " + text);
    }

    @Test
    void terminateEndsASleepingChildWithMinus15() throws Exception {
        assertEquals(-15, endSleepingChild(JvmProcess::terminate));
    }

    @Test
    void killEndsASleepingChildWithMinus9() throws Exception {
        assertEquals(-9, endSleepingChild(JvmProcess::kill));
    }

    private int endSleepingChild(java.util.function.Consumer<JvmProcess> how) throws Exception {
        try (Pipe pipe = Pipe.open()) {
            JvmProcess p = JvmProcess.of(ProcessTest::readyThenSleep, pipe.second()).daemon(true);
            p.start();
            assertTrue(pipe.first().poll(LONG), "child never signalled readiness");
            assertEquals("ready", pipe.first().recv());
            assertTrue(p.isAlive());
            assertTrue(Multiprocessing.activeChildren().contains(p));
            how.accept(p);
            joined(p);
            assertFalse(p.isAlive());
            assertFalse(Multiprocessing.activeChildren().contains(p));
            how.accept(p); // a no-op once it has ended
            return p.exitCode().getAsInt();
        }
    }

    @Test
    void terminateRightAfterStartStillGivesMinus15() throws Exception {
        // The signal may arrive before the child JVM has installed any handler: the code must be the same.
        List<JvmProcess> ps = List.of(new JvmProcess(ProcessTest::sleepForever), new JvmProcess(ProcessTest::sleepForever));
        for (JvmProcess p : ps) p.start();
        for (JvmProcess p : ps) p.terminate();
        for (JvmProcess p : ps) {
            joined(p);
            assertEquals(-15, p.exitCode().getAsInt(), p.toString());
        }
    }

    static void sleepForever() {
        try {
            Thread.sleep(Duration.ofMinutes(5));
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void severalChildrenAtOnce() throws Exception {
        List<JvmProcess> ps = List.of(new JvmProcess(() -> {}), new JvmProcess(() -> {}), new JvmProcess(() -> {}));
        for (JvmProcess p : ps) p.start();
        for (JvmProcess p : ps) joined(p);
        for (JvmProcess p : ps) assertEquals(0, p.exitCode().getAsInt());
    }

    // ------------------------------------------------------------ errors

    @Test
    void misuseIsRejected() throws Exception {
        JvmProcess p = new JvmProcess(() -> {});
        assertThrows(IllegalStateException.class, p::join, "join before start");
        assertThrows(IllegalStateException.class, () -> p.join(Duration.ofSeconds(1)), "join before start");
        assertThrows(IllegalStateException.class, p::terminate, "terminate before start");
        assertThrows(IllegalStateException.class, p::kill, "kill before start");
        assertThrows(IllegalStateException.class, p::sentinel, "sentinel before start");
        p.start();
        assertThrows(IllegalStateException.class, p::start, "start twice");
        assertThrows(IllegalStateException.class, () -> p.daemon(true), "daemon after start");
        assertThrows(IllegalStateException.class, () -> p.jvmOptions("-Xmx64m"), "options after start");
        joined(p);
        assertThrows(IllegalStateException.class, p::start, "start after the end");
        assertEquals(0, p.exitCode().getAsInt());
        p.close();
        p.close(); // idempotent
        assertThrows(IllegalStateException.class, p::isAlive);
        assertThrows(IllegalStateException.class, p::join);
        assertThrows(IllegalStateException.class, p::terminate);
        assertThrows(IllegalStateException.class, p::kill);
        assertThrows(IllegalStateException.class, p::exitCode);
        assertThrows(IllegalStateException.class, p::pid);
        assertThrows(IllegalStateException.class, p::sentinel);
        assertThrows(IllegalStateException.class, p::start);
        assertTrue(p.toString().contains("closed"), p.toString());
    }

    @Test
    void startAfterCloseOfANewProcessIsRejected() {
        JvmProcess p = new JvmProcess(() -> {});
        p.close();
        assertThrows(IllegalStateException.class, p::start);
    }

    @Test
    void closeWhileAliveIsRejected() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            JvmProcess p = JvmProcess.of(ProcessTest::awaitGo, pipe.second());
            p.start();
            assertThrows(IllegalStateException.class, p::close);
            assertTrue(p.isAlive(), "a refused close leaves the process usable");
            pipe.first().send("go");
            joined(p);
            p.close();
        }
    }

    @Test
    void theMainProcessCannotBeStartedOrJoined() {
        JvmProcess main = Multiprocessing.currentProcess();
        assertThrows(IllegalStateException.class, main::start);
        assertThrows(IllegalStateException.class, main::join);
    }

    // ------------------------------------------------------------ names and identity

    @Test
    void theMainProcessDescribesItself() {
        JvmProcess main = Multiprocessing.currentProcess();
        assertSame(main, Multiprocessing.currentProcess());
        assertEquals("MainProcess", main.name());
        assertTrue(main.isAlive());
        assertFalse(main.isDaemon());
        assertTrue(main.exitCode().isEmpty());
        assertEquals(ProcessHandle.current().pid(), main.pid().getAsLong());
        assertTrue(main.authkey().length >= 16);
        assertTrue(Multiprocessing.parentProcess().isEmpty());
        assertTrue(Multiprocessing.cpuCount() >= 1);
    }

    @Test
    void namesAndToString() throws Exception {
        JvmProcess a = new JvmProcess(() -> {});
        JvmProcess b = new JvmProcess(() -> {});
        assertTrue(a.name().matches("JvmProcess-\\d+"), a.name());
        assertNotEquals(a.name(), b.name());
        assertEquals("worker", a.name("worker").name());
        assertThrows(NullPointerException.class, () -> a.name(null));
        assertEquals("<JvmProcess name='worker' initial>", a.toString());
        a.daemon(true);
        assertEquals("<JvmProcess name='worker' initial daemon>", a.toString());
        a.start();
        String running = a.toString();
        joined(a);
        String stopped = a.toString();
        assertTrue(running.startsWith("<JvmProcess name='worker' pid=" + a.pid().getAsLong()), running);
        assertTrue(stopped.contains("stopped exitcode=0"), stopped);
        a.name("renamed"); // only a label: may change at any time, as in Python
        assertEquals("renamed", a.name());
    }

    @Test
    void theChildKnowsItselfAndItsParent() throws Exception {
        try (Pipe pipe = Pipe.open(false)) {
            JvmProcess p = JvmProcess.of(ProcessTest::describe, pipe.second()).name("Described").daemon(true);
            p.start();
            assertTrue(pipe.first().poll(LONG));
            Object[] r = (Object[]) pipe.first().recv();
            joined(p);
            assertEquals(0, p.exitCode().getAsInt());
            assertEquals("Described", r[0]);
            assertEquals(p.pid().getAsLong(), r[1]);
            assertEquals(p.pid().getAsLong(), r[8], "the pid the child sees is its OS pid");
            assertEquals(true, r[2], "daemon flag");
            assertEquals(true, r[3], "a process is alive to itself");
            assertEquals("MainProcess", r[4]);
            assertEquals(ProcessHandle.current().pid(), r[5]);
            assertEquals(true, r[6]);
            assertArrayEquals(Multiprocessing.currentProcess().authkey(), (byte[]) r[7], "children share the authkey");
            assertEquals(false, r[9], "no exit code while running");
        }
    }

    @Test
    void aChildCanStartItsOwnChild() throws Exception {
        try (Pipe pipe = Pipe.open(false)) {
            JvmProcess p = JvmProcess.of(ProcessTest::startGrandchild, pipe.second());
            p.start();
            assertTrue(pipe.first().poll(LONG));
            Object[] grandchild = (Object[]) pipe.first().recv();
            assertTrue(pipe.first().poll(LONG));
            Object[] child = (Object[]) pipe.first().recv();
            joined(p);
            assertEquals(0, p.exitCode().getAsInt());
            assertEquals(0, child[3], "grandchild's exit code");
            assertEquals(p.name(), child[1]);
            assertEquals(p.name() + ":1", grandchild[0], "a grandchild's name extends its parent's identity");
            assertEquals(p.name(), grandchild[4], "the grandchild's parent is the child");
            assertEquals(child[2], grandchild[5]);
        }
    }

    // ------------------------------------------------------------ sentinels

    @Test
    void sentinelBecomesReadyWhenTheChildEnds() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            JvmProcess p = JvmProcess.of(ProcessTest::awaitGo, pipe.second());
            p.start();
            Sentinel s = p.sentinel();
            assertSame(s, p.sentinel());
            assertFalse(s.isReady());
            assertEquals(List.of(), Connections.wait(List.of(s), Duration.ZERO));
            long t0 = System.nanoTime();
            assertEquals(List.of(), Connections.wait(List.of(s), Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - t0 >= 150_000_000L, "wait() honours its timeout");
            pipe.first().send("go");
            assertEquals(List.of(s), Connections.wait(List.of(s), LONG));
            assertTrue(s.isReady());
            joined(p);
            assertEquals(0, p.exitCode().getAsInt());
            assertTrue(s.await(Duration.ZERO), "ready for good");
        }
    }

    @Test
    void waitOverConnectionsAndSentinelsTogether() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            JvmProcess p = JvmProcess.of(ProcessTest::readyThenSleep, pipe.second()).daemon(true);
            p.start();
            Sentinel s = p.sentinel();
            List<Object> both = List.of(pipe.first(), s);
            assertEquals(List.of(pipe.first()), Connections.wait(both, LONG), "the message comes first");
            assertEquals("ready", pipe.first().recv());
            p.kill();
            List<Object> ready = Connections.wait(both, LONG);
            assertTrue(ready.contains(s), ready.toString());
            joined(p);
            assertEquals(-9, p.exitCode().getAsInt());
        }
    }
}
