package org.multiprocessing4j.internal.process;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.internal.CacheFiles;

/** The AOT cache directory stays under its limit, least recently used first, never losing a cache in use. */
class AotCachePruneTest {
    private static final long MB = 1 << 20;
    @TempDir
    Path dir;
    private String savedDir, savedLimit;

    @BeforeEach
    void pointTheCacheHere() {
        savedDir = System.getProperty("multiprocessing4j.aotDir");
        savedLimit = System.getProperty("multiprocessing4j.aotCacheLimitMb");
        System.setProperty("multiprocessing4j.aotDir", dir.toString());
    }

    @AfterEach
    void restore() {
        restore("multiprocessing4j.aotDir", savedDir);
        restore("multiprocessing4j.aotCacheLimitMb", savedLimit);
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }

    private Path cache(String key, long bytes, long hoursAgo) throws IOException {
        Path f = dir.resolve(key + ".aot");
        Files.write(f, new byte[(int) bytes]);
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - hoursAgo * 3_600_000));
        return f;
    }

    private static String key() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aCacheInUseIsMarkedAsRecentlyUsed() throws IOException {
        String k = key();
        Path f = cache(k, 10, 48);
        assertEquals(f, AotCache.ready(k));
        long age = System.currentTimeMillis() - Files.getLastModifiedTime(f).toMillis();
        assertTrue(age < 3_600_000, "marked as used now, was 48 h old: " + age + " ms");
        assertNull(AotCache.ready(key()), "an untrained key has no cache");
    }

    @Test
    void afterATrainingTheLeastRecentlyUsedCachesGoUntilTheRestFits() throws IOException {
        System.setProperty("multiprocessing4j.aotCacheLimitMb", "4");
        String inUse = key(), fresh = key(), oldest = key(), older = key(), recent = key(), othersInUse = key();
        Path inUseFile = cache(inUse, MB, 0);
        assertNotNull(AotCache.ready(inUse)); // this JVM starts children with it
        Files.setLastModifiedTime(inUseFile, FileTime.fromMillis(System.currentTimeMillis() - 100 * 3_600_000L));
        Path oldestFile = cache(oldest, MB, 50), olderFile = cache(older, MB, 40), recentFile = cache(recent, MB, 3);
        Path othersFile = cache(othersInUse, MB, 1); // marked an hour ago: another JVM may start children with it
        Path freshFile = cache(fresh, MB, 72); // an odd clock on the file does not matter: it was just trained
        Path temporary = dir.resolve(key() + ".123.tmp");
        Files.write(temporary, new byte[(int) (4 * MB)]); // a training under way is not a cache

        AotCache.prune(fresh);

        assertTrue(Files.exists(inUseFile), "the cache this JVM uses stays, however old its file looks");
        assertTrue(Files.exists(freshFile), "the cache just trained stays");
        assertFalse(Files.exists(oldestFile));
        assertFalse(Files.exists(olderFile));
        assertTrue(Files.exists(recentFile), "4 MB fit: in use, fresh, another JVM's and the most recent other one");
        assertTrue(Files.exists(othersFile), "marked within two hours: never pruned (the limit may be exceeded)");
        assertTrue(Files.exists(temporary));
    }

    @Test
    void theDefaultLimitLeavesRoomForAFewDozenCachesAndOddValuesAreClamped() {
        System.clearProperty("multiprocessing4j.aotCacheLimitMb");
        assertEquals(512 * MB, AotCache.limitBytes());
        System.setProperty("multiprocessing4j.aotCacheLimitMb", "-5");
        assertEquals(0, AotCache.limitBytes());
        System.setProperty("multiprocessing4j.aotCacheLimitMb", Long.toString(Long.MAX_VALUE));
        assertTrue(AotCache.limitBytes() > 0, "no overflow");
    }

    @Test
    void pruningSkipsKeptKeysAndOtherFiles() throws IOException {
        Path a = cache("a", 1000, 3), b = cache("b", 1000, 2), c = cache("c", 1000, 1);
        Path other = dir.resolve("notes.txt");
        Files.write(other, new byte[5000]);
        assertEquals(1000, CacheFiles.prune(dir, ".aot", 2000, Set.of("a"), 0));
        assertTrue(Files.exists(a), "kept");
        assertFalse(Files.exists(b), "the least recently used of the others");
        assertTrue(Files.exists(c) && Files.exists(other));
        assertEquals(0, CacheFiles.prune(dir, ".aot", 2000, Set.of(), 0), "under the limit now");
        assertEquals(0, CacheFiles.prune(dir, ".aot", 0, Set.of(), 4 * 3_600_000), "all younger than four hours");
    }
}
