package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.pool.MapOptions;
import org.multiprocessing4j.pool.Progress;

/** The showcase on a small directory: right digests, progress counted in files, a summary with both sides' passes. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DigestTest {
    @AfterEach
    void noJvmLeft() throws Exception {
        // the pool's idle workers wait in the worker cache for the next pool: end them, then none may be left
        org.multiprocessing4j.internal.pool.WorkerCache.clear();
        for (ProcessHandle p : ProcessHandle.current().children().toList()) p.onExit().get(30, TimeUnit.SECONDS);
        Launched.assertNoLiveDescendants();
    }

    @Test
    void hashesEveryFileReportsProgressAndComparesWithOneProcess(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        for (int i = 0; i < 100; i++) {
            Files.writeString(dir.resolve((i % 2 == 0 ? "sub/" : "") + "f" + i), "content " + i + "\n".repeat(i * 100));
        }
        List<Progress> seen = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(b, true, StandardCharsets.UTF_8);
        Digest.Summary s = Digest.run(dir, 2, 2, true, out, MapOptions.defaults().withProgressListener(seen::add));

        assertEquals(100, s.files());
        assertEquals(2, s.poolPasses().size());
        assertEquals(2, s.serialPasses().size());
        assertEquals(100, s.digests().size());
        String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("content 7" + "\n".repeat(700)).getBytes(StandardCharsets.UTF_8)));
        assertEquals(want, s.digests().get(dir.resolve("f7").toString()));
        String report = b.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains(String.format("speedup %.2fx; the digests agree", s.speedup())), report);

        // the last report of each pass counts every file, though files went out in chunks of 4 (100 / (16 x 2), rounded up)
        List<Progress> ends = seen.stream().filter(Progress::finished).toList();
        assertEquals(2, ends.size(), seen.toString());
        for (Progress p : ends) {
            assertEquals(100, p.done());
            assertEquals(100, p.total());
        }
        assertTrue(seen.stream().allMatch(p -> p.done() % 4 == 0 || p.done() == 100), "whole chunks: " + seen);
        assertEquals(List.of("pool pass 1/2", "pool pass 2/2"), ends.stream().map(Progress::label).toList());

        String text = b.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("digest: 100 files"), text);
        assertTrue(text.contains("2 worker JVMs: best"), text);
        assertTrue(text.contains("one process:   best"), text);
        assertTrue(text.matches("(?s).*speedup \\d+\\.\\d\\dx; the digests agree.*"), text);
        assertTrue(text.contains("Insights for Pool-"), text);
    }

    @Test
    void chunksHoldAtMostOneOfTheLargestFilesAndComeLargestFirst() {
        List<String> bySize = List.of("a", "b", "c", "d", "e", "f", "g"); // "a" the largest
        // 7 files in chunks of 3 (3, 3, 1): dealt a b c, d e, f g; each chunk holds one of the 3 largest
        assertEquals(List.of("a", "d", "f", "b", "e", "g", "c"), Digest.interleave(bySize, 3));
        assertEquals(List.of("a", "c", "e", "g", "b", "d", "f"), Digest.interleave(bySize, 4));
        assertEquals(bySize, Digest.interleave(bySize, 1));
    }
}
