package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each seed example, run as a program (its own JVM, as a user runs it), with its output checked. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExamplesTest {
    @AfterEach
    void noJvmLeft() {
        Launched.assertNoLiveDescendants();
    }

    private static List<String> lines(Launched r) {
        return r.output().lines().toList();
    }

    @Test
    void clockPrintsTheTimeCountTimes() throws Exception {
        Launched r = Launched.main(Clock.class, "0.05", "3");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(3, lines(r).stream().filter(l -> l.matches("The time is \\d\\d:\\d\\d:\\d\\d\\.\\d{3}")).count(), r.output());
        // the child may print before the parent's "started" line: only the parent's own lines are ordered
        assertTrue(lines(r).stream().anyMatch(l -> l.matches("started JvmProcess-1 \\(pid \\d+\\)")), r.output());
        assertEquals("JvmProcess-1 ended with exit code 0", lines(r).getLast(), r.output());
    }

    @Test
    void clockProcessSubclassDoesTheSame() throws Exception {
        Launched r = Launched.main(ClockProcess.class, "0.05", "2");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(2, lines(r).stream().filter(l -> l.startsWith("The time is ")).count(), r.output());
        assertTrue(r.output().contains("started <ClockProcess name='ClockProcess-1' pid="), r.output());
        assertTrue(r.output().contains("ended: <ClockProcess name='ClockProcess-1' pid="), r.output());
        assertTrue(r.output().contains("stopped exitcode=0>"), r.output());
    }

    @Test
    void pipeConsumerStopsAtTheEndOfTheStream() throws Exception {
        Launched r = Launched.main(PipeConsumer.class, "4");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("consumed item-1", "consumed item-2", "consumed item-3", "consumed item-4",
                "end of stream after 4 items", "consumer exit code 0"), lines(r));
    }

    @Test
    void adderServerAnswersEveryPairThenStopsOnTheSentinel() throws Exception {
        Launched r = Launched.main(AdderServer.class, "3");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("1 + 10 = 11", "2 + 20 = 22", "3 + 30 = 33", "server: sentinel received after 3 pairs",
                "server exit code 0"), lines(r));
    }

    @Test
    void launchCheckFromJavaCp() throws Exception {
        Launched r = Launched.main(LaunchCheck.class);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("child says: task ran in pid "), r.output());
        assertTrue(r.output().contains("child exit code 0"), r.output());
    }

    @Test
    void theFatJarEntryPointNamesItsExamples() throws Exception {
        Launched r = Launched.main(Examples.class);
        assertEquals(2, r.exitCode());
        assertTrue(r.output().contains("clock") && r.output().contains("adder-server"), r.output());
    }
}
