package org.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The resource tracker: removes shared memory segments whose creating JVM died without unlinking them.
 *
 * <p>Each JVM that creates a tracked segment keeps an append-only log {@code <pid>-<starttime>} in
 * {@code /dev/shm/.mp4j-tracker-<uid>/} (mode 0700; same mount namespace as the segments): {@code +name} when a
 * segment is created, {@code -name} when it is unlinked. On normal exit the JVM unlinks what is still listed, like
 * CPython's resource tracker at shutdown. After a crash or SIGKILL, the next JVM that creates a segment (or calls
 * {@link #sweep()}, which a context or pool does when it starts) finds logs of processes that no longer exist —
 * the start time guards against a reused pid — unlinks their segments and deletes the log.
 */
public final class SegmentTracker {
    private SegmentTracker() {}

    private static final Set<String> LIVE = new LinkedHashSet<>();
    // A FileOutputStream, not a FileChannel: a channel is closed for good when a thread using it is interrupted.
    private static FileOutputStream log;
    private static volatile boolean swept;

    static Path registryDir() {
        String uid;
        try {
            uid = String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            uid = System.getProperty("user.name", "unknown");
        }
        return Path.of(Segment.DIR, ".mp4j-tracker-" + uid);
    }

    static synchronized void register(String name) throws IOException {
        if (log == null) open();
        LIVE.add(name);
        append("+" + name);
    }

    static synchronized void forget(String name) {
        if (LIVE.remove(name) && log != null) {
            try {
                append("-" + name);
            } catch (IOException ignored) {
                // at worst a later sweep finds the name already gone
            }
        }
    }

    private static void append(String line) throws IOException {
        log.write((line + "\n").getBytes(StandardCharsets.UTF_8)); // O_APPEND: one write, whole line
    }

    private static void open() throws IOException {
        Path dir = registryDir();
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another JVM made it
            }
        }
        Path file = dir.resolve(Pids.SELF + "-" + Pids.startTime(Pids.SELF));
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        log = new FileOutputStream(file.toFile(), true);
        // In the FILES phase, after children are joined: a child still starting may attach to our segments.
        org.multiprocessing4j.internal.ExitHooks.add(org.multiprocessing4j.internal.ExitHooks.Phase.FILES, () -> atExit(file));
    }

    private static synchronized void atExit(Path file) {
        for (String n : LIVE) ShmNative.unlink(Segment.DIR + n);
        LIVE.clear();
        try {
            log.close();
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a later sweep removes it
        }
    }

    public static void sweepOnce() {
        if (!swept) sweep();
    }

    /**
     * Unlinks the segments of every creating JVM that no longer runs. Cheap (one directory listing); safe to call
     * from several JVMs at once. Returns the number of segments removed.
     */
    public static int sweep() {
        swept = true;
        int removed = 0;
        Path dir = registryDir();
        if (!Files.isDirectory(dir)) return 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String[] parts = p.getFileName().toString().split("-");
                if (parts.length != 2) continue;
                long pid, start;
                try {
                    pid = Long.parseLong(parts[0]);
                    start = Long.parseLong(parts[1]);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (Pids.startTime(pid) == start) continue; // still running
                removed += removeLogged(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort, like the runtime directory sweep
        }
        return removed;
    }

    private static int removeLogged(Path logFile) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException raced) {
            return 0; // another sweeper got it
        }
        for (String l : lines) {
            if (l.startsWith("+")) names.add(l.substring(1));
            else if (l.startsWith("-")) names.remove(l.substring(1));
        }
        int removed = 0;
        for (String n : names) {
            if (n.isEmpty() || n.indexOf('/') >= 0) continue;
            if (ShmNative.unlink(Segment.DIR + n) == 0) removed++;
        }
        Files.deleteIfExists(logFile);
        return removed;
    }
}
