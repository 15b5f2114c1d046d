package org.multiprocessing4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.ResultIterator;

/**
 * Seed 001's directory digest: the SHA-512 of every file under a directory, computed by a pool with
 * {@code imap_unordered(chunksize=20)} and collected into a map (path → hex digest). Python:
 *
 * <pre>
 * with Pool() as pool:
 *     for path, digest in pool.imap_unordered(hash_file, paths, chunksize=20):
 *         digests[path] = digest
 * </pre>
 */
public final class DirectoryDigest {
    private DirectoryDigest() {}

    /** (path, hex SHA-512 of the file's bytes). */
    static String[] hashFile(String path) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return new String[] {path, HexFormat.of().formatHex(md.digest())};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
        }
    }

    /**
     * The digests of every file under {@code dir}, computed by {@code workers} worker JVMs.
     *
     * @param dir the directory
     * @param workers how many worker JVMs
     * @return path → hex SHA-512, sorted by path
     * @throws IOException if the directory cannot be listed
     */
    public static Map<String, String> digest(Path dir, int workers) throws IOException {
        List<String> paths = files(dir);
        Map<String, String> digests = new TreeMap<>();
        try (Pool pool = new Pool(workers);
             ResultIterator<String[]> results = pool.imapUnordered(DirectoryDigest::hashFile, paths, 20)) {
            while (results.hasNext()) {
                String[] r = results.next();
                digests.put(r[0], r[1]);
            }
        }
        return digests;
    }

    /**
     * Runs the example from the command line.
     *
     * @param args {@code [dir [workers]]}, default {@code $JAVA_HOME/conf} and 2
     * @throws IOException if the directory cannot be listed
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.home") + "/conf");
        Map<String, String> digests = digest(dir, args.length > 1 ? Integer.parseInt(args[1]) : 2);
        digests.forEach((path, hex) -> System.out.println(hex + "  " + path));
        System.out.println(digests.size() + " files");
    }
}
