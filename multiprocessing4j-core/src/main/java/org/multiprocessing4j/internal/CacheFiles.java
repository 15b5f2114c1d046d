package org.multiprocessing4j.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A directory of cache files named {@code <key><suffix>}, kept under a size limit: a use marks a file (its
 * modification time), and pruning deletes the least recently used first. Shared by the AOT caches of child JVMs
 * and a cluster member's cache of shipped jars. Several JVMs may prune one directory at once: a file another one
 * deleted first is simply gone. Also the clean-up of a JVM's own directories ({@link #deleteTree}, and
 * {@link #removeOrphans} for those of JVMs that were killed).
 */
public final class CacheFiles {
    private CacheFiles() {}

    /** Marks {@code file} as used now; a failure only changes the pruning order. */
    public static void markUsed(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // only the pruning order suffers
        }
    }

    /**
     * Deletes {@code <key><suffix>} files of {@code dir}, least recently modified first, skipping the keys in
     * {@code keep} and files modified less than {@code minAgeMillis} ago (in use by another JVM, maybe), until the
     * files left total at most {@code limit} bytes; returns the bytes deleted. Other files (temporaries, partial
     * downloads) are neither counted nor deleted; a file that cannot be deleted is skipped.
     */
    public static long prune(Path dir, String suffix, long limit, Set<String> keep, long minAgeMillis) throws IOException {
        record Entry(Path file, String key, long size, long time) {}
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + suffix)) {
            for (Path f : files) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(f, BasicFileAttributes.class);
                } catch (IOException gone) {
                    continue; // pruned by another JVM meanwhile
                }
                if (!a.isRegularFile()) continue;
                String name = f.getFileName().toString();
                entries.add(new Entry(f, name.substring(0, name.length() - suffix.length()), a.size(),
                        a.lastModifiedTime().toMillis()));
                total += a.size();
            }
        } catch (java.nio.file.DirectoryIteratorException e) {
            throw e.getCause();
        }
        long freed = 0;
        long youngest = System.currentTimeMillis() - minAgeMillis;
        entries.sort(Comparator.comparingLong(Entry::time));
        for (Entry e : entries) {
            if (total <= limit || e.time() > youngest) break; // sorted: the rest are younger still
            if (keep.contains(e.key())) continue;
            try {
                if (Files.deleteIfExists(e.file())) freed += e.size();
                total -= e.size(); // gone either way: deleted now, or by another JVM before us
            } catch (IOException denied) {
                // not ours to delete (a shared directory): the next one may be
            }
        }
        return freed;
    }

    /** Deletes {@code dir} and everything below it, as far as it can: what cannot be deleted stays, silently. */
    public static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    delete(f);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE; // gone meanwhile, or unreadable: go on
                }

                @Override
                public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) {
                    delete(d);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: it stays
        }
    }

    /**
     * Deletes the directories of {@code base} named {@code <prefix><pid>-<anything>} whose process {@code pid} has
     * ended: what a JVM that was killed could not delete itself. Best effort, never throws.
     */
    public static void removeOrphans(Path base, String prefix) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, prefix + "*-*")) {
            for (Path p : ds) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                long owner;
                try {
                    owner = Long.parseLong(rest.substring(0, dash));
                } catch (NumberFormatException | IndexOutOfBoundsException e) {
                    continue; // not named so: not ours
                }
                if (ProcessHandle.of(owner).isEmpty() && Files.isDirectory(p) && Files.isWritable(p)) deleteTree(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }
}
