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
    void aReusedPidDoesNotKeepADeadOwnersDirectory(@TempDir Path base) throws Exception {
        // this JVM's pid on a directory last changed before this JVM started: another process had that pid
        long alive = ProcessHandle.current().pid();
        java.time.Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        Path stale = dirWithAFile(base, "mp4j-" + alive + "-old");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(started.minus(java.time.Duration.ofDays(1))));
        Path mine = dirWithAFile(base, "mp4j-" + alive + "-new");
        CacheFiles.removeOrphans(base, "mp4j-");
        assertFalse(Files.exists(stale), "changed a day before its pid's process started");
        assertTrue(Files.exists(mine), "changed after its process started");
    }

    @Test
    void deleteTreeTakesEverythingBelow(@TempDir Path base) throws IOException {
        Path d = dirWithAFile(base, "tree");
        CacheFiles.deleteTree(d);
        assertFalse(Files.exists(d));
        CacheFiles.deleteTree(d); // gone already: nothing happens
    }
}
