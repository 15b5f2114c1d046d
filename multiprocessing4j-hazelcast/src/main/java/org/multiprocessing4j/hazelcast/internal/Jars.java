package org.multiprocessing4j.hazelcast.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Content-addressed class path entries: SHA-256 of files, deterministic jars of class directories (the same
 * directory content always packs to the same bytes, so members cache it once), and the chunked layout they have
 * in the cluster's {@link HzConfigs#JARS} map: {@code <sha256>} holds the size and chunk count (written last, so
 * its presence means the entry is complete), {@code <sha256>/<i>} the chunks.
 */
public final class Jars {
    public static final int CHUNK = 1 << 20;
    /** Entries' time in packed jars: fixed, as reproducible builds do. */
    private static final long TIME = 315_532_802_000L; // 1980-01-01T00:00:02Z

    private Jars() {}

    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = new byte[1 << 16];
            for (int n; (n = in.read(b)) > 0; ) md.update(b, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A summary of a directory's files (paths, sizes, modification times) that changes whenever its content may. */
    public static String stamp(Path dir) throws IOException {
        MessageDigest md = sha();
        for (Path f : files(dir)) {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            md.update((dir.relativize(f) + "|" + a.size() + "|" + a.lastModifiedTime().toMillis() + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Packs a directory into {@code out}: entries sorted by name, fixed times, directories included. */
    public static void pack(Path dir, Path out) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> !p.equals(dir)).forEach(all::add);
        }
        List<String> names = new ArrayList<>();
        for (Path p : all) names.add(dir.relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : ""));
        java.util.Collections.sort(names);
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os)) {
            for (String n : names) {
                ZipEntry e = new ZipEntry(n);
                e.setTime(TIME);
                jar.putNextEntry(e);
                if (!n.endsWith("/")) Files.copy(dir.resolve(n), jar);
                jar.closeEntry();
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        return files;
    }

    /** The header value: size and chunk count. */
    static byte[] header(long size) {
        return ByteBuffer.allocate(12).putLong(size).putInt((int) ((size + CHUNK - 1) / CHUNK)).array();
    }

    static String chunkKey(String sha, int i) {
        return sha + "/" + i;
    }
}
