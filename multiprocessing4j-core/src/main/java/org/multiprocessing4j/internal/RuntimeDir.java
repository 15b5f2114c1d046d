package org.multiprocessing4j.internal;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This JVM's private directory (mode 0700) for its sockets: {@code <base>/mp4j-<pid>-<random>}. The base is
 * {@code -Dmultiprocessing4j.runtimeDir}, else {@code $XDG_RUNTIME_DIR}, else {@code /tmp}. Removed when the JVM
 * exits; directories of JVMs that died without removing theirs are removed by the next JVM that creates one.
 */
public final class RuntimeDir {
    private static volatile Path dir;

    private RuntimeDir() {}

    public static Path get() {
        Path d = dir;
        if (d == null) {
            synchronized (RuntimeDir.class) {
                if (dir == null) dir = create();
                d = dir;
            }
        }
        return d;
    }

    static Path base() {
        String configured = System.getProperty("multiprocessing4j.runtimeDir");
        if (configured != null) return Paths.get(configured);
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && Files.isDirectory(Paths.get(xdg)) && Files.isWritable(Paths.get(xdg)) && xdg.length() < 60) {
            return Paths.get(xdg);
        }
        return Paths.get("/tmp");
    }

    private static Path create() {
        Path base = base();
        long pid = ProcessHandle.current().pid();
        removeStale(base);
        try {
            Files.createDirectories(base);
            Path d = base.resolve("mp4j-" + pid + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
            Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ExitHooks.add(ExitHooks.Phase.FILES, () -> deleteTree(d));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create multiprocessing4j's runtime directory under " + base
                    + " (set -Dmultiprocessing4j.runtimeDir to a writable directory)", e);
        }
    }

    private static void removeStale(Path base) {
        CacheFiles.removeOrphans(base, "mp4j-");
    }

    static void deleteTree(Path d) {
        CacheFiles.deleteTree(d);
    }
}
