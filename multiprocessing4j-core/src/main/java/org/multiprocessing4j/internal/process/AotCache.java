package org.multiprocessing4j.internal.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.multiprocessing4j.internal.CacheFiles;

/**
 * A JDK AOT cache (JEP 483/514) for child JVMs: classes of the bootstrap path loaded and linked ahead of time,
 * which takes a fifth or more off a child's start. The cache is trained once per (java, class path, flags) by a
 * background JVM that runs the real child bootstrap, and kept under {@code ~/.cache/multiprocessing4j/aot}
 * ({@code -Dmultiprocessing4j.aotDir}). Until it exists, children start without it. Only for all-jar class paths:
 * the JDK refuses to train with directories on the class path.
 *
 * <p>Every rebuilt jar makes a new key, and a cache is ~18 MB: after each training the directory is pruned to
 * {@code -Dmultiprocessing4j.aotCacheLimitMb} (default 512), least recently used first (a JVM marks a cache used
 * the first time it starts a child with it, and again an hour or more later), never a cache this JVM uses nor one
 * marked within two hours (another JVM's). A cache deleted while another JVM was
 * about to start a child with it costs that child its AOT start, nothing else: the JDK then starts without one.
 */
final class AotCache {
    /** {@code -Dmultiprocessing4j.debugAot=true} shows the training JVM's output. */
    private static final boolean DEBUG = Boolean.getBoolean("multiprocessing4j.debugAot");
    /** The training of each key in this JVM: completed with whether the cache exists. */
    private static final Map<String, CompletableFuture<Boolean>> TRAINING = new ConcurrentHashMap<>();

    private static final Path NICE = Path.of("/usr/bin/nice");
    /** The default of {@code -Dmultiprocessing4j.aotCacheLimitMb}: room for about 28 caches. */
    static final long DEFAULT_LIMIT_MB = 512;
    /** The caches this JVM has used, and when it last marked each: pruning never deletes them. */
    private static final Map<String, Long> USED = new ConcurrentHashMap<>();
    /** A long-lived JVM marks its caches again this often, so that other JVMs' pruning sees them in use. */
    private static final long REMARK_NANOS = TimeUnit.HOURS.toNanos(1);

    private AotCache() {}

    static Path dir() {
        String configured = System.getProperty("multiprocessing4j.aotDir");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "multiprocessing4j", "aot");
    }

    static String key(Path java, List<String> cp, List<String> flags) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((java.toAbsolutePath() + "|" + Runtime.version() + "|" + flags).getBytes(StandardCharsets.UTF_8));
            for (String e : cp) {
                Path p = Path.of(e);
                md.update((e + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis())
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    /**
     * The cache file for {@code key} if it has been trained; marked as used the first time this JVM asks, and again
     * at the first ask an hour or more after the last mark.
     */
    static Path ready(String key) {
        if (key == null) return null;
        Path f = dir().resolve(key + ".aot");
        if (!Files.isRegularFile(f)) return null;
        long now = System.nanoTime();
        Long marked = USED.get(key);
        if (marked == null || now - marked > REMARK_NANOS) {
            USED.put(key, now);
            CacheFiles.markUsed(f);
        }
        return f;
    }

    static long limitBytes() {
        long mb = Long.getLong("multiprocessing4j.aotCacheLimitMb", DEFAULT_LIMIT_MB);
        return Math.clamp(mb, 0, 1L << 30) << 20;
    }

    /**
     * Keeps the directory under its limit; never deletes {@code fresh}, a cache this JVM uses, or one marked within
     * two marking periods (another JVM's, in use), so that JVMs sharing the directory do not prune each other's.
     */
    static void prune(String fresh) {
        try {
            java.util.Set<String> keep = new java.util.HashSet<>(USED.keySet());
            keep.add(fresh);
            CacheFiles.prune(dir(), ".aot", limitBytes(), keep, 2 * TimeUnit.NANOSECONDS.toMillis(REMARK_NANOS));
        } catch (IOException | RuntimeException e) {
            // the cache itself is in place; the next training prunes again
            if (DEBUG) e.printStackTrace();
        }
    }

    /** Trains the cache for {@code spec} unless it exists, and waits for it; true when the cache exists. */
    static boolean ensure(LaunchSpec spec, long nanos) throws InterruptedException {
        String key = spec.aotTrainingKey();
        if (key == null) return false;
        if (ready(key) != null) return true;
        try {
            return trainInBackground(spec).get(nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Trains the cache for {@code spec} in the background unless it exists: once per JVM, again if it was pruned. */
    static CompletableFuture<Boolean> trainInBackground(LaunchSpec spec) {
        String key = spec.aotTrainingKey();
        if (key == null) return CompletableFuture.completedFuture(false);
        if (ready(key) != null) return CompletableFuture.completedFuture(true);
        // A cache trained here earlier but gone now (pruned by another JVM) is trained again; a failure is not retried.
        return TRAINING.compute(key, (k, old) -> {
            if (old != null && !(old.isDone() && old.getNow(false))) return old;
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("mp4j-aot-training").start(() -> done.complete(train(spec, k)));
            return done;
        });
    }

    /** Temporaries named {@code <key>.<pid>.tmp[.config]} whose training parent is gone. */
    private static void removeStaleTemporaries() {
        try (var files = Files.newDirectoryStream(dir(), "*.tmp*")) {
            for (Path f : files) {
                String[] parts = f.getFileName().toString().split("\\.");
                try {
                    if (parts.length >= 3 && ProcessHandle.of(Long.parseLong(parts[1])).isEmpty()) Files.deleteIfExists(f);
                } catch (NumberFormatException | IOException ignored) {
                    // not ours, or already gone
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static boolean train(LaunchSpec spec, String key) {
        Path tmp = null;
        try {
            Files.createDirectories(dir());
            removeStaleTemporaries();
            tmp = dir().resolve(key + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(tmp);
            List<String> cmd = new ArrayList<>(spec.command());
            cmd.add(1, "-XX:AOTCacheOutput=" + tmp);
            cmd.add(2, "-Xlog:aot=off,cds=off");
            // at the lowest CPU priority: it runs while the first pools work, and must not slow them down (on two
            // cores a training JVM at normal priority took a third of the CPU from the user's workers)
            if (Files.isExecutable(NICE)) cmd.addAll(0, List.of(NICE.toString(), "-n", "19"));
            cmd.add("--train");
            cmd.add(Long.toString(ProcessHandle.current().pid()));
            ProcessBuilder.Redirect log = DEBUG ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD;
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(log).redirectError(log)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(spec.environment());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            if (p.exitValue() == 0 && Files.isRegularFile(tmp)) {
                Files.move(tmp, dir().resolve(key + ".aot"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                prune(key);
                return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            // no cache: children start a little slower, nothing else changes
            if (DEBUG) e.printStackTrace();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(Path.of(tmp + ".config"));
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
