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

/** Children and the end of their parent: daemons never outlive it, non-daemons are waited for. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParentDeathTest {
    static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    @Test
    void daemonChildrenDieWithinTwoSecondsOfTheirParentsSigkill() throws Exception {
        try (LaunchedJvm parent = LaunchedJvm.start(Jvms.javaCommand(LaunchedParent.class.getName(), "daemons"))) {
            List<ProcessHandle> children = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String line = parent.awaitLine(l -> l.startsWith("child pid "), LONG);
                children.add(ProcessHandle.of(Long.parseLong(line.substring("child pid ".length()))).orElseThrow());
            }
            parent.awaitLine("children ready"::equals, LONG);
            for (ProcessHandle c : children) assertTrue(c.isAlive());

            parent.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
            parent.process().waitFor(10, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            // ProcessHandle.onExit polls non-children with growing sleeps (300 ms and up), too coarse for a 2 s
            // bound: check every 10 ms instead. A zombie (state Z, awaiting its new parent's reaping) has ended.
            long deadline = killed + Duration.ofSeconds(2).toNanos();
            while (children.stream().anyMatch(ParentDeathTest::running)) {
                if (System.nanoTime() > deadline) {
                    fail("daemon children still alive 2 s after their parent was killed: "
                            + children.stream().filter(ParentDeathTest::running).map(ProcessHandle::pid).toList());
                }
                Thread.sleep(10); // polling a condition, bounded by the deadline
            }
        }
    }

    /** True while the process exists and is not a zombie. */
    static boolean running(ProcessHandle h) {
        if (!h.isAlive()) return false;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false; // gone
        }
    }

    @Test
    void aNonDaemonChildIsJoinedBeforeTheParentExits() throws Exception {
        Path release = tmp.resolve("release");
        try (LaunchedJvm parent = LaunchedJvm.start(
                Jvms.javaCommand(LaunchedParent.class.getName(), "non-daemon", release.toString()))) {
            String line = parent.awaitLine(l -> l.startsWith("child pid "), LONG);
            ProcessHandle child = ProcessHandle.of(Long.parseLong(line.substring("child pid ".length()))).orElseThrow();
            parent.awaitLine("main returns"::equals, LONG);
            // main has returned, the child waits for the release: the parent must still be there, waiting for it.
            assertFalse(parent.process().waitFor(300, TimeUnit.MILLISECONDS), "the parent exited before its child");
            assertTrue(child.isAlive());
            Files.createFile(release);
            assertEquals(0, parent.exitCode(LONG));
            assertFalse(child.isAlive(), "the child ended before its parent");
            String out = parent.fullOutput(LONG);
            assertTrue(out.indexOf("main returns") < out.indexOf("child done"), out);
        }
    }
}
