package org.multiprocessing4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.ResultIterator;

/**
 * The showcase: SHA-256 of every file under a directory (seed 001's build_digest_map) on a pool of worker JVMs,
 * with a progress line, then the same work in this one process, the two results compared and the speedup printed.
 *
 * <p>The pool is built first, so its workers boot while this process lists the directory and reads it once into the
 * page cache (both passes then hash from memory: a fair comparison). Files go out one per task, largest first, so no
 * worker is left with a big file at the end while the other idles.
 *
 * <pre>bin/demo [directory] [workers]</pre>
 */
public final class Digest {
    private Digest() {}

    /**
     * One file's digest, as a worker sends it back.
     *
     * @param path the file
     * @param sha256 its digest in hex, or why it could not be read
     * @param size its size in bytes
     */
    public record Hashed(String path, String sha256, long size) implements Serializable {}

    /** What one run measured. */
    public record Summary(int files, long bytes, int workers, long poolReadyNanos, long parallelNanos,
                          long serialNanos, Map<String, String> digests) {
        /** The hashing phase on the pool against the same phase in one process. */
        public double speedup() {
            return (double) serialNanos / parallelNanos;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.home"));
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : Multiprocessing.cpuCount();
        if (!Files.isDirectory(dir)) {
            System.err.println("digest: " + dir + " is not a directory; usage: bin/demo [directory] [workers]");
            System.exit(2);
        }
        Summary s = run(dir, workers, System.out, System.console() != null ? System.err : null);
        String first = s.digests().keySet().iterator().next();
        System.out.println("e.g. " + s.digests().get(first) + "  " + first);
    }

    /**
     * Hashes every readable file under {@code dir} on {@code workers} worker JVMs, then in this process, checks that
     * both agree and prints a summary to {@code out}; {@code progress} (or null for none) gets a progress line.
     */
    public static Summary run(Path dir, int workers, PrintStream out, PrintStream progress) throws Exception {
        long t = System.nanoTime();
        try (Pool pool = Pool.builder().processes(workers).build()) {
            // the workers boot while this thread lists and reads the directory; a first task tells when one is ready
            CompletableFuture<Long> ready = pool.applyAsync(Digest::ready, 0).thenApply(x -> System.nanoTime() - t);
            List<Path> files = list(dir);
            long bytes = 0;
            for (Path f : files) bytes += warm(f);
            long poolReady = ready.get(60, TimeUnit.SECONDS);
            out.printf("digest: %,d files, %,d MB under %s; %d worker JVMs (the first ready after %d ms)%n", files.size(),
                    bytes >> 20, dir, workers, poolReady / 1_000_000);

            Map<String, String> parallel = new TreeMap<>();
            Progress bar = new Progress(files.size(), bytes, progress);
            long t0 = System.nanoTime();
            try (ResultIterator<Hashed> it = pool.imapUnordered(Digest::hash, files.stream().map(Path::toString).toList(), 1)) {
                while (it.hasNext()) {
                    Hashed h = it.next();
                    parallel.put(h.path(), h.sha256());
                    bar.advance(h.size());
                }
            }
            long parallelNanos = System.nanoTime() - t0;
            bar.finish();

            long t1 = System.nanoTime();
            Map<String, String> serial = new TreeMap<>();
            for (Path f : files) serial.put(f.toString(), sha256(f));
            long serialNanos = System.nanoTime() - t1;
            if (!serial.equals(parallel)) throw new IllegalStateException("the workers' digests differ from this process's");

            Summary s = new Summary(files.size(), bytes, workers, poolReady, parallelNanos, serialNanos, parallel);
            out.printf("done: %,d files, %,d MB hashed in %.2f s on %d workers (%.0f MB/s); one process: %.2f s; "
                            + "speedup %.2fx%n", s.files(), bytes >> 20, parallelNanos / 1e9, workers,
                    bytes / 1e6 / (parallelNanos / 1e9), serialNanos / 1e9, s.speedup());
            return s;
        }
    }

    private static int ready(int x) {
        return x;
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(Files::isReadable)
                    .sorted(Comparator.comparingLong(Digest::sizeOf).reversed()).toList();
        }
    }

    /** The task: one file's digest. */
    static Hashed hash(String path) {
        Path p = Path.of(path);
        return new Hashed(path, sha256(p), sizeOf(p));
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a file once (into the page cache); returns its size. */
    private static long warm(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            return 0; // reported as unreadable by both passes
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** A one-line progress report redrawn in place at most ten times a second; silent when {@code out} is null. */
    private static final class Progress {
        private final int files;
        private final long bytes;
        private final PrintStream out;
        private final long start = System.nanoTime();
        private int doneFiles;
        private long doneBytes;
        private long lastDraw;

        Progress(int files, long bytes, PrintStream out) {
            this.files = files;
            this.bytes = bytes;
            this.out = out;
        }

        void advance(long fileBytes) {
            doneFiles++;
            doneBytes += fileBytes;
            long now = System.nanoTime();
            if (out != null && now - lastDraw > 100_000_000L) {
                lastDraw = now;
                draw(now);
            }
        }

        void finish() {
            if (out != null) {
                draw(System.nanoTime());
                out.println();
            }
        }

        private void draw(long now) {
            double secs = (now - start) / 1e9;
            double rate = doneBytes / 1e6 / Math.max(secs, 1e-9);
            double eta = rate > 0 ? (bytes - doneBytes) / 1e6 / rate : 0;
            int width = 30;
            int filled = (int) (width * (double) doneBytes / Math.max(1, bytes));
            out.printf("\r[%s%s] %d/%d files  %.0f MB/s  ETA %.1f s ", "#".repeat(filled),
                    " ".repeat(width - filled), doneFiles, files, rate, eta);
        }
    }
}
