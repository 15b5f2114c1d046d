package org.multiprocessing4j.hazelcast.internal;

import com.hazelcast.map.IMap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.multiprocessing4j.internal.CacheFiles;

/**
 * A member's cache of shipped class path entries: {@code <dir>/<sha256>.jar}, fetched from the cluster's
 * {@link HzConfigs#JARS} map the first time a worker needs one, verified against its hash (so whoever could write
 * to the map cannot substitute code: the hashes come from the client's authenticated request), and written
 * atomically. Concurrent starts needing the same entry fetch it once.
 *
 * <p><b>Size.</b> A use marks an entry (its file's modification time); entries stay pinned from {@link #resolve} to
 * {@link #release} (a running worker's class path). When the cached files exceed the limit, after a fetch and when
 * the member starts, the least recently used unpinned ones are deleted; a later worker that needs one fetches it
 * again.
 */
public final class JarCache {
    private static final System.Logger LOG = System.getLogger(JarCache.class.getName());
    private final Path dir;
    private final IMap<String, byte[]> jars;
    private final long limit;
    private final Map<String, CompletableFuture<Path>> fetching = new ConcurrentHashMap<>();
    private final Map<String, Integer> pinned = new HashMap<>(); // guarded by this

    /** Thrown when an entry is not (or no longer) in the cluster: the client ships it again. */
    public static final class Missing extends IOException {
        private static final long serialVersionUID = 1L;

        Missing(String message) {
            super(message);
        }
    }

    public JarCache(Path dir, IMap<String, byte[]> jars, long limit) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.jars = jars;
        this.limit = limit;
        prune();
    }

    /**
     * The local files of the entries, fetching what is not cached; pinned until {@link #release} with the same
     * list (also when this throws, nothing stays pinned).
     */
    public List<Path> resolve(List<WorkerSpec.JarRef> refs) throws IOException {
        pin(refs, 1);
        boolean ok = false;
        try {
            List<Path> out = new ArrayList<>();
            boolean fetched = false;
            for (WorkerSpec.JarRef r : refs) {
                Path f = cached(r);
                if (f == null) {
                    f = fetchOnce(r);
                    fetched = true;
                }
                out.add(f);
            }
            if (fetched) prune(); // once per start, however many entries came
            ok = true;
            return out;
        } finally {
            if (!ok) release(refs);
        }
    }

    /** The entries of a worker that ended (or never started) may be pruned again. */
    public void release(List<WorkerSpec.JarRef> refs) {
        pin(refs, -1);
    }

    private synchronized void pin(List<WorkerSpec.JarRef> refs, int delta) {
        for (WorkerSpec.JarRef r : refs) pinned.merge(r.sha256(), delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** The entry's file if it is cached (marked as used now), else null. */
    private Path cached(WorkerSpec.JarRef r) throws IOException {
        Path f = dir.resolve(r.sha256() + ".jar");
        if (!Files.isRegularFile(f) || Files.size(f) != r.size()) return null;
        CacheFiles.markUsed(f);
        return f;
    }

    /** Fetches the entry, once however many starts need it at the same time. */
    private Path fetchOnce(WorkerSpec.JarRef r) throws IOException {
        Path f = dir.resolve(r.sha256() + ".jar");
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> cf = fetching.putIfAbsent(r.sha256(), mine);
        if (cf == null) {
            try {
                mine.complete(fetch(r, f));
            } catch (IOException | RuntimeException e) {
                mine.completeExceptionally(e);
            } finally {
                fetching.remove(r.sha256(), mine);
            }
            cf = mine;
        }
        try {
            return cf.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while fetching " + r.name());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("cannot fetch class path entry " + r.name() + ": " + e.getCause(), e.getCause());
        }
    }

    /** Deletes the least recently used unpinned entries while the cached files exceed the limit. */
    synchronized void prune() {
        try {
            long freed = prune(dir, limit, Set.copyOf(pinned.keySet()));
            if (freed > 0) LOG.log(System.Logger.Level.DEBUG, "class path cache " + dir + ": " + freed + " bytes pruned");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot prune the class path cache " + dir + ": " + e);
        }
    }

    /**
     * Deletes {@code <sha256>.jar} files of {@code dir}, least recently modified first, skipping {@code pinned}
     * hashes, until the files left total at most {@code limit} bytes; returns the bytes deleted.
     */
    static long prune(Path dir, long limit, Set<String> pinned) throws IOException {
        return CacheFiles.prune(dir, ".jar", limit, pinned, 0); // its own pins say what is in use
    }

    private Path fetch(WorkerSpec.JarRef r, Path target) throws IOException {
        byte[] header = jars.get(r.sha256());
        if (header == null) {
            throw new Missing("class path entry " + r.name() + " (sha256 " + r.sha256() + ") is not in the cluster");
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        long size = h.getLong();
        int chunks = h.getInt();
        if (size != r.size()) throw new IOException("class path entry " + r.name() + " has " + size + " bytes in the cluster, "
                + r.size() + " expected");
        Path tmp = Files.createTempFile(dir, r.sha256(), ".part");
        try {
            MessageDigest md = Jars.sha();
            try (OutputStream out = Files.newOutputStream(tmp)) {
                for (int i = 0; i < chunks; i += 8) {
                    Set<String> keys = new LinkedHashSet<>();
                    for (int k = i; k < Math.min(chunks, i + 8); k++) keys.add(Jars.chunkKey(r.sha256(), k));
                    Map<String, byte[]> got = jars.getAll(keys);
                    for (String k : keys) {
                        byte[] b = got.get(k);
                        if (b == null) throw new Missing("class path entry " + r.name() + " is incomplete in the cluster (" + k + ")");
                        md.update(b);
                        out.write(b);
                    }
                }
            }
            String sha = HexFormat.of().formatHex(md.digest());
            if (!sha.equals(r.sha256())) {
                throw new IOException("class path entry " + r.name() + " in the cluster does not match its hash (got " + sha
                        + "): refused");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
