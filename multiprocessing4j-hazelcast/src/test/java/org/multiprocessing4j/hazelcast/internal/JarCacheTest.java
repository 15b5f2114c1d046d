package org.multiprocessing4j.hazelcast.internal;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A member's class path cache stays under its limit, dropping the least recently used entries no worker uses. */
class JarCacheTest {
    private static Path entry(Path dir, String sha, int bytes, long minutesAgo) throws IOException {
        Path f = dir.resolve(sha + ".jar");
        Files.write(f, new byte[bytes]);
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - minutesAgo * 60_000));
        return f;
    }

    @Test
    void theOldestUnpinnedEntriesGoUntilTheRestFits(@TempDir Path dir) throws IOException {
        Path oldest = entry(dir, "a", 1000, 50);
        Path pinnedOld = entry(dir, "b", 1000, 40);
        Path middle = entry(dir, "c", 1000, 30);
        Path newest = entry(dir, "d", 1000, 10);
        Path partial = dir.resolve("e123.part");
        Files.write(partial, new byte[5000]); // a fetch under way is not an entry

        assertEquals(2000, JarCache.prune(dir, 2000, Set.of("b")));
        assertFalse(Files.exists(oldest));
        assertTrue(Files.exists(pinnedOld), "a running worker's entry stays");
        assertFalse(Files.exists(middle));
        assertTrue(Files.exists(newest));
        assertTrue(Files.exists(partial));
    }

    @Test
    void aRunningWorkersEntriesArePinnedUntilReleased(@TempDir Path dir) throws IOException {
        entry(dir, "a", 1000, 30);
        entry(dir, "b", 1000, 20);
        // cache hits only: the cluster's map is never asked, so none is needed
        JarCache cache = new JarCache(dir, null, 2000);
        List<WorkerSpec.JarRef> worker = List.of(new WorkerSpec.JarRef("a", 1000, "a.jar"));
        assertEquals(List.of(dir.resolve("a.jar")), cache.resolve(worker));
        // a is the oldest now: only its pin can keep it
        Files.setLastModifiedTime(dir.resolve("a.jar"), FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        entry(dir, "c", 1000, 0);
        cache.prune();
        assertTrue(Files.exists(dir.resolve("a.jar")), "pinned by the running worker");
        assertFalse(Files.exists(dir.resolve("b.jar")), "the least recently used unpinned entry goes");
        cache.release(worker);
        entry(dir, "d", 1000, 0);
        cache.prune();
        assertFalse(Files.exists(dir.resolve("a.jar")), "released: now the least recently used");
        assertTrue(Files.exists(dir.resolve("c.jar")) && Files.exists(dir.resolve("d.jar")));
    }

    @Test
    void nothingGoesUnderTheLimitOrWhenEverythingIsPinned(@TempDir Path dir) throws IOException {
        entry(dir, "a", 1000, 20);
        entry(dir, "b", 1000, 10);
        assertEquals(0, JarCache.prune(dir, 2000, Set.of()));
        assertEquals(0, JarCache.prune(dir, 10, Set.of("a", "b")));
        assertTrue(Files.exists(dir.resolve("a.jar")) && Files.exists(dir.resolve("b.jar")));
        assertEquals(1000, JarCache.prune(dir, 1500, Set.of("a")));
        assertTrue(Files.exists(dir.resolve("a.jar")));
        assertFalse(Files.exists(dir.resolve("b.jar")), "the newer one goes when the older is pinned");
    }
}
