package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each example, run by name through {@link Examples} in its own JVM as {@code bin/example <name>} runs it, with its
 * output checked. What the pool, queue and manager examples compute is checked in depth by PoolExamplesTest and
 * QueueAndManagerExamplesTest; here, that each one runs as a program and prints its result.
 */
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
        Launched r = Launched.example("clock", "0.05", "3");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(3, lines(r).stream().filter(l -> l.matches("The time is \\d\\d:\\d\\d:\\d\\d\\.\\d{3}")).count(), r.output());
        // the child may print before the parent's "started" line: only the parent's own lines are ordered
        assertTrue(lines(r).stream().anyMatch(l -> l.matches("started JvmProcess-1 \\(pid \\d+\\)")), r.output());
        assertEquals("JvmProcess-1 ended with exit code 0", lines(r).getLast(), r.output());
    }

    @Test
    void clockProcessSubclassDoesTheSame() throws Exception {
        Launched r = Launched.example("clock-process", "0.05", "2");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(2, lines(r).stream().filter(l -> l.startsWith("The time is ")).count(), r.output());
        assertTrue(r.output().contains("started <ClockProcess name='ClockProcess-1' pid="), r.output());
        assertTrue(r.output().contains("ended: <ClockProcess name='ClockProcess-1' pid="), r.output());
        assertTrue(r.output().contains("stopped exitcode=0>"), r.output());
    }

    @Test
    void pipeConsumerStopsAtTheEndOfTheStream() throws Exception {
        Launched r = Launched.example("pipe-consumer", "4");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("consumed item-1", "consumed item-2", "consumed item-3", "consumed item-4",
                "end of stream after 4 items", "consumer exit code 0"), lines(r));
    }

    @Test
    void adderServerAnswersEveryPairThenStopsOnTheSentinel() throws Exception {
        Launched r = Launched.example("adder-server", "3");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("1 + 10 = 11", "2 + 20 = 22", "3 + 30 = 33", "server: sentinel received after 3 pairs",
                "server exit code 0"), lines(r));
    }

    @Test
    void launchCheckFromJavaCp() throws Exception {
        Launched r = Launched.example("launch-check");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("child says: task ran in pid "), r.output());
        assertTrue(r.output().contains("child exit code 0"), r.output());
    }

    @Test
    void theEntryPointListsEveryExampleWithoutAName() throws Exception {
        Launched r = Launched.main(Examples.class);
        assertEquals(2, r.exitCode());
        for (Examples.Example e : Examples.ALL) assertTrue(r.output().contains("  " + e.name() + " "), r.output());
        Launched unknown = Launched.example("no-such-example");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.output().contains("no example named 'no-such-example'"), unknown.output());
    }

    @Test
    void everyExampleProgramIsRegisteredByName() throws Exception {
        Path classes = Path.of(Examples.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(Examples.class.getPackageName().replace('.', '/'));
        List<String> withMain = new ArrayList<>();
        try (Stream<Path> s = Files.list(classes)) {
            for (Path f : s.map(Path::getFileName).filter(f -> f.toString().matches("[A-Za-z]+\\.class")).toList()) {
                Class<?> c = Class.forName(Examples.class.getPackageName() + "." + f.toString().replace(".class", ""));
                if (c == Examples.class) continue;
                try {
                    c.getMethod("main", String[].class);
                    withMain.add(c.getSimpleName());
                } catch (NoSuchMethodException notAProgram) {
                    // a helper, not an example
                }
            }
        }
        List<String> registered = Examples.ALL.stream().map(e -> e.program().getSimpleName()).toList();
        assertEquals(withMain.stream().sorted().toList(), registered.stream().sorted().toList(),
                "every class with a main has a name in Examples, and only those");
    }

    @Test
    void theReadmeTableListsEveryExample() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("mp4j.repoRoot", ".."), "README.md"));
        for (Examples.Example e : Examples.ALL) {
            assertTrue(readme.contains("`bin/example " + e.name()), "README lacks bin/example " + e.name());
        }
    }

    @Test
    void digestByName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.write(dir.resolve("b.bin"), new byte[100_000]);
        Launched r = Launched.example("digest", dir.toString(), "2");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("2 files"), r.output());
    }

    @Test
    void directoryDigestByName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x.txt"), "content 7");
        Launched r = Launched.example("directory-digest", dir.toString(), "2");
        assertEquals(0, r.exitCode(), r.output());
        String sha512 = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-512").digest("content 7".getBytes()));
        assertEquals(List.of(sha512 + "  " + dir.resolve("x.txt"), "1 files"), lines(r));
    }

    @Test
    void poolWorkersByName() throws Exception {
        Launched r = Launched.example("pool-workers");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Pool    : [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]"), r.output());
        assertTrue(r.output().contains("Starting PoolWorker-"), r.output());
    }

    @Test
    void mapAsyncChunksByName() throws Exception {
        Launched r = Launched.example("map-async-chunks");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("16 chunks:", lines(r).getFirst(), r.output());
        assertTrue(r.output().contains("items 120..122 (3) in worker pid "), r.output());
        assertTrue(lines(r).getLast().startsWith("results in order: [0, 1, 4, 9, "), r.output());
    }

    @Test
    void runnerByName() throws Exception {
        Launched r = Launched.example("runner", "3");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ProcessPoolExecutor:") && r.output().contains("ThreadExecutor"), r.output());
        assertEquals(2, lines(r).stream().filter(l -> l.equals("  timeout")).count(), r.output());
    }

    @Test
    void floatChannelByName() throws Exception {
        Launched r = Launched.example("float-channel", "20", "1000");
        assertEquals(0, r.exitCode(), r.output());
        long expected = 0;
        for (int m = 0; m < 20; m++) expected += 1000 - (m % 7);
        assertTrue(r.output().startsWith("20 messages, " + expected + " doubles checked"), r.output());
    }

    @Test
    void queueAndManagerExamplesByName() throws Exception {
        Launched r = Launched.example("joinable-queue");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("all 5 items done"), lines(r));
        r = Launched.example("sentinel-queue", "100", "3");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("sum of squares = 328350"), lines(r));
        r = Launched.example("manager-map");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("to=3") && r.output().contains("be=2"), r.output());
        r = Launched.example("remote-manager", "5");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("sum of answers = 55"), lines(r));
    }
}
