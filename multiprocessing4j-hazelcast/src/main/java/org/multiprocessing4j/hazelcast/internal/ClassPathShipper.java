package org.multiprocessing4j.hazelcast.internal;

import com.hazelcast.map.IMap;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.multiprocessing4j.Context;

/**
 * The client's side of class shipping: which class path entries the workers need (the context's class path, else
 * this JVM's {@code java.class.path} and {@code jdk.module.path}, minus what every member has itself:
 * multiprocessing4j and Hazelcast), their content hashes (class directories packed into deterministic jars), and
 * their upload into the cluster's {@link HzConfigs#JARS} map, once per content.
 */
public final class ClassPathShipper {
    private record Packed(String stamp, Path jar, String sha, long size) {}

    private final Path workDir;
    private final Map<Path, Packed> packed = new ConcurrentHashMap<>();
    private final Map<String, String> fileHashes = new ConcurrentHashMap<>(); // "path|size|mtime" -> sha
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();
    private final Map<String, Path> files = new ConcurrentHashMap<>(); // sha -> file to upload

    public ClassPathShipper(Path workDir) {
        this.workDir = workDir;
    }

    /** The entries to ship for a context, in class path order. */
    public static List<Path> entries(Context ctx) {
        Set<Path> out = new LinkedHashSet<>();
        if (ctx.classPath() != null) {
            for (Path p : ctx.classPath()) out.add(p.toAbsolutePath().normalize());
        } else {
            for (String prop : List.of("java.class.path", "jdk.module.path")) {
                String v = System.getProperty(prop);
                if (v == null) continue;
                for (String e : v.split(File.pathSeparator)) if (!e.isEmpty()) out.add(Path.of(e).toAbsolutePath().normalize());
            }
        }
        Set<Path> provided = provided();
        List<Path> r = new ArrayList<>();
        for (Path p : out) if (!provided.contains(p) && Files.exists(p)) r.add(p);
        return r;
    }

    /** What a member puts on its workers' class path itself: multiprocessing4j core, this module, Hazelcast. */
    public static Set<Path> provided() {
        Set<Path> s = new LinkedHashSet<>();
        s.add(BuildFingerprint.codeSource(org.multiprocessing4j.internal.pool.Wire.class).normalize());
        s.add(BuildFingerprint.codeSource(Protocol.class).normalize());
        s.add(BuildFingerprint.codeSource(com.hazelcast.core.HazelcastInstance.class).normalize());
        return s;
    }

    /** Hashes (packing directories) the entries; cached per content. */
    public List<WorkerSpec.JarRef> refs(List<Path> entries) throws IOException {
        List<WorkerSpec.JarRef> refs = new ArrayList<>();
        for (Path p : entries) {
            if (Files.isDirectory(p)) {
                String stamp = Jars.stamp(p);
                Packed k = packed.get(p);
                if (k == null || !k.stamp().equals(stamp)) {
                    Path jar = Files.createTempFile(workDir, "dir-", ".jar");
                    Jars.pack(p, jar);
                    k = new Packed(stamp, jar, Jars.sha256(jar), Files.size(jar));
                    Packed old = packed.put(p, k);
                    if (old != null && !old.sha().equals(k.sha())) Files.deleteIfExists(old.jar());
                }
                files.put(k.sha(), k.jar());
                refs.add(new WorkerSpec.JarRef(k.sha(), k.size(), p.getFileName() + " (directory " + p + ")"));
            } else {
                long size = Files.size(p);
                String key = p + "|" + size + "|" + Files.getLastModifiedTime(p).toMillis();
                String sha = fileHashes.get(key);
                if (sha == null) {
                    sha = Jars.sha256(p);
                    fileHashes.put(key, sha);
                }
                files.put(sha, p);
                refs.add(new WorkerSpec.JarRef(sha, size, p.getFileName().toString()));
            }
        }
        return refs;
    }

    /** Puts into the cluster what is not there yet (checked once per content and client, or again with force). */
    public void upload(IMap<String, byte[]> jars, List<WorkerSpec.JarRef> refs, boolean force) throws IOException {
        for (WorkerSpec.JarRef r : refs) {
            if (!force && uploaded.contains(r.sha256())) continue;
            if (force || !jars.containsKey(r.sha256())) {
                Path f = files.get(r.sha256());
                if (f == null) throw new IOException("class path entry " + r.name() + " is no longer known to this client");
                Map<String, byte[]> batch = new HashMap<>();
                long size = 0;
                try (InputStream in = Files.newInputStream(f)) {
                    for (int i = 0; ; i++) {
                        byte[] chunk = in.readNBytes(Jars.CHUNK);
                        if (chunk.length == 0 && i > 0) break;
                        batch.put(Jars.chunkKey(r.sha256(), i), chunk);
                        size += chunk.length;
                        if (batch.size() >= 8) {
                            jars.putAll(batch);
                            batch.clear();
                        }
                        if (chunk.length < Jars.CHUNK) break;
                    }
                }
                if (!batch.isEmpty()) jars.putAll(batch);
                if (size != r.size()) throw new IOException("class path entry " + r.name() + " changed while it was shipped");
                jars.put(r.sha256(), Jars.header(size)); // last: the entry is complete
            }
            uploaded.add(r.sha256());
        }
    }
}
