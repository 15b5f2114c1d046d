package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.pool.ProcessPoolExecutor;
import org.multiprocessing4j.pool.ThreadExecutor;

/** Runs the pool examples (seeds 000, 001, 003) and checks what they show. */
@Timeout(180)
class PoolExamplesTest {
    @AfterEach
    void noChildLeft() throws Exception {
        org.multiprocessing4j.internal.pool.WorkerCache.clear();
        for (ProcessHandle p : ProcessHandle.current().children().toList()) {
            p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void poolWorkersDoubleInOrder() throws Exception {
        assertEquals(IntStream.range(0, 10).map(i -> 2 * i).boxed().toList(), PoolWorkers.run(2, 10));
    }

    @Test
    void directoryDigestMatchesSha512(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 45; i++) Files.writeString(dir.resolve("f" + i + ".txt"), "content " + i);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/big.bin"), new byte[300_000]);
        Map<String, String> d = DirectoryDigest.digest(dir, 2);
        assertEquals(46, d.size());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest("content 7".getBytes()));
        assertEquals(expected, d.get(dir.resolve("f7.txt").toString()));
    }

    @Test
    void runnerOverProcessesAndThreadsWithResultTimeout() throws Exception {
        for (org.multiprocessing4j.pool.PoolExecutor ex : List.<org.multiprocessing4j.pool.PoolExecutor>of(new ProcessPoolExecutor(2), new ThreadExecutor(2))) {
            try (ex) {
                ex.submit(Runner::runner, new int[] {0, 0}).get(); // workers up: the timeout measures the task
                List<String> out = Runner.runAll(ex, Runner.jobs(), Duration.ofSeconds(5));
                assertEquals(4, out.size());
                assertTrue(out.get(0).startsWith("runner(1) = "), out.get(0));
                assertEquals("timeout", out.get(2));
                assertTrue(out.get(3).startsWith("runner(4) = "), out.get(3));
            }
        }
    }

    @Test
    void mapAsyncOver123With4WorkersGives16ChunksOf8InOrder() throws Exception {
        MapAsyncChunks.Outcome o = MapAsyncChunks.run();
        assertEquals(IntStream.range(0, 123).mapToObj(i -> (long) i * i).toList(), o.results());
        assertEquals(16, o.chunks().size());
        assertTrue(o.eachChunkInOneWorker());
        o.chunks().forEach((start, items) -> assertEquals(start < 120 ? 8 : 3, items.size()));
    }
}
