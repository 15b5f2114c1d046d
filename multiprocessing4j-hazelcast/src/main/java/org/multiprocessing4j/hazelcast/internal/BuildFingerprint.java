package org.multiprocessing4j.hazelcast.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A hash of the internal class files of multiprocessing4j (core's and this module's: the protocols) as loaded here.
 * A client and a member must run the same build: the client talks to worker JVMs that run the member's copy of the
 * pool protocol. Class files are hashed by name and content, so a rebuild of the same sources (other jar
 * timestamps) matches, and an application jar that bundles the library hashes the same.
 */
public final class BuildFingerprint {
    private static volatile String value;

    private BuildFingerprint() {}

    public static String get() {
        String v = value;
        if (v == null) {
            synchronized (BuildFingerprint.class) {
                if (value == null) value = compute();
                v = value;
            }
        }
        return v;
    }

    /** The file or directory a class was loaded from. */
    public static Path codeSource(Class<?> c) {
        try {
            var cs = c.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) {
                throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from");
            }
            return Path.of(cs.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String compute() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : new java.util.LinkedHashSet<>(List.of(codeSource(org.multiprocessing4j.internal.pool.Wire.class),
                    codeSource(Protocol.class)))) {
                TreeMap<String, byte[]> classes = classes(p);
                for (var e : classes.entrySet()) {
                    md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    md.update(e.getValue());
                }
            }
            return HexFormat.of().formatHex(md.digest(), 0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Class file name to content hash, of a jar or a class directory. */
    private static TreeMap<String, byte[]> classes(Path p) throws IOException, java.security.NoSuchAlgorithmException {
        TreeMap<String, byte[]> out = new TreeMap<>();
        java.util.function.Predicate<String> ours = n -> n.endsWith(".class")
                && (n.startsWith("org/multiprocessing4j/internal/") || n.startsWith("org/multiprocessing4j/hazelcast/internal/"));
        if (Files.isDirectory(p)) {
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(p)) {
                s.filter(Files::isRegularFile).forEach(files::add);
            }
            for (Path f : files) {
                String n = p.relativize(f).toString().replace('\\', '/');
                if (ours.test(n)) out.put(n, sha(Files.readAllBytes(f)));
            }
        } else {
            try (JarFile j = new JarFile(p.toFile())) {
                for (var e : java.util.Collections.list(j.entries())) {
                    if (!ours.test(e.getName())) continue;
                    try (InputStream in = j.getInputStream(e)) {
                        out.put(e.getName(), sha(in.readAllBytes()));
                    }
                }
            }
        }
        return out;
    }

    private static byte[] sha(byte[] b) throws java.security.NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
