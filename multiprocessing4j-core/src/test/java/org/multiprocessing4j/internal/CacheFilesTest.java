package org.multiprocessing4j.internal;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed JVM leaves behind is removed by the next one; everything else stays. */
class CacheFilesTest {
    private static long endedPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.pid();
    }

    private static Path dirWithAFile(Path base, String name) throws IOException {
        Path d = Files.createDirectories(base.resolve(name).resolve("sub"));
        Files.writeString(d.resolve("f"), "x");
        return base.resolve(name);
    }

    @Test
    void theDirectoriesOfEndedProcessesGo(@TempDir Path base) throws Exception {
        long dead = endedPid(), alive = ProcessHandle.current().pid();
        Path orphan = dirWithAFile(base, "mp4j-cluster-" + dead + "-123");
        Path mine = dirWithAFile(base, "mp4j-cluster-" + alive + "-456");
        Path otherKind = dirWithAFile(base, "mp4j-" + dead + "-abc"); // a runtime directory: another prefix
        Path unnamed = dirWithAFile(base, "mp4j-cluster-local-1");
        CacheFiles.removeOrphans(base, "mp4j-cluster-");
        assertFalse(Files.exists(orphan), "its process ended");
        assertTrue(Files.exists(mine), "its process lives");
        assertTrue(Files.exists(otherKind) && Files.exists(unnamed), "not named <prefix><pid>-");
        CacheFiles.removeOrphans(base, "mp4j-");
        assertFalse(Files.exists(otherKind));
        assertTrue(Files.exists(mine) && Files.exists(unnamed), "not a pid after mp4j-");
        CacheFiles.removeOrphans(base.resolve("missing"), "mp4j-"); // never throws
    }

    @Test
    void deleteTreeTakesEverythingBelow(@TempDir Path base) throws IOException {
        Path d = dirWithAFile(base, "tree");
        CacheFiles.deleteTree(d);
        assertFalse(Files.exists(d));
        CacheFiles.deleteTree(d); // gone already: nothing happens
    }
}
