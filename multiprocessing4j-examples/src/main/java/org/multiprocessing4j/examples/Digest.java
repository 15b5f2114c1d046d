package org.multiprocessing4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.pool.MapOptions;
import org.multiprocessing4j.pool.Pool;

/**
 * The showcase: SHA-256 of every file under a directory (seed 001's build_digest_map) on a pool of worker JVMs, with
 * a progress bar, then the same work in this one process; the two results are compared and the speedup printed.
 *
 * <p><b>A fair comparison.</b> Both sides hash the same files from the page cache (this process reads them once
 * first) and both run the same number of passes, this process's first (meanwhile the workers finish compiling what
 * their start loaded); the best pass of each is compared, and every pass is printed. A first pass in a fresh JVM is
 * slow on either side: the JIT compiles the hashing path (SHA-256 runs as a CPU intrinsic only once C2 has compiled
 * it) and, in a worker, the pool's protocol; on two cores that compiling takes CPU from the hashing itself, so the
 * first pool passes are the slowest.
 *
 * <p><b>How the work is cut.</b> A file is hashed in one piece, so the largest file bounds the parallel phase (the
 * JDK's {@code lib/modules} is half of its bytes). Files go out in sixteen chunks per worker (few tasks, few
 * answers, yet small enough to balance), each chunk holding at most one of the large files, the largest chunks
 * first; the pool takes back a chunk queued behind a long one, and the progress bar still counts files. Each task
 * returns the digest as a string, which travels in a few bytes; {@code map} returns them in input order, so paths
 * need not travel back.
 *
 * <pre>bin/demo [directory] [workers] [--passes N] [--insights]</pre>
 */
public final class Digest {
    private Digest() {}

    /**
     * What one run measured.
     *
     * @param files the files hashed
     * @param bytes their total size
     * @param workers the number of worker JVMs
     * @param poolReadyNanos from building the pool to its first answer
     * @param poolPasses the pool's passes over all files, in order
     * @param serialPasses this process's passes, in order
     * @param wallNanos the whole run
     * @param digests path to hex SHA-256 (unreadable files map to {@code "unreadable: <reason>"})
     */
    public record Summary(int files, long bytes, int workers, long poolReadyNanos, List<Long> poolPasses,
                          List<Long> serialPasses, long wallNanos, Map<String, String> digests) {
        /** {@return the best pool pass} */
        public long parallelNanos() {
            return poolPasses.stream().mapToLong(Long::longValue).min().orElseThrow();
        }

        /** {@return the best pass in one process} */
        public long serialNanos() {
            return serialPasses.stream().mapToLong(Long::longValue).min().orElseThrow();
        }

        /** {@return the best pass in one process over the best pass on the pool} */
        public double speedup() {
            return (double) serialNanos() / parallelNanos();
        }
    }

    /**
     * Runs the showcase from the command line ({@code bin/demo}).
     *
     * @param args {@code [directory] [workers] [--passes N] [--insights]}; defaults: the JDK's own files, one worker
     *             per CPU, 10 passes on each side
     * @throws Exception if the pool fails or the workers' digests differ from this process's
     */
    public static void main(String[] args) throws Exception {
        List<String> plain = new ArrayList<>();
        int passes = 10;
        boolean insights = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--insights" -> insights = true;
                default -> plain.add(args[i]);
            }
        }
        Path dir = Path.of(!plain.isEmpty() ? plain.get(0) : System.getProperty("java.home"));
        int workers = plain.size() > 1 ? Integer.parseInt(plain.get(1)) : Multiprocessing.cpuCount();
        if (!Files.isDirectory(dir) || passes < 1 || workers < 1) {
            System.err.println("digest: usage: bin/demo [directory] [workers] [--passes N] [--insights]"
                    + (Files.isDirectory(dir) ? "" : " (" + dir + " is not a directory)"));
            System.exit(2);
        }
        Summary s = run(dir, workers, passes, insights, System.out, MapOptions.defaults().withProgressBar());
        String first = s.digests().keySet().iterator().next();
        System.out.println("e.g. " + s.digests().get(first) + "  " + first);
    }

    /**
     * Hashes every readable file under {@code dir} {@code passes} times on {@code workers} worker JVMs, then as many
     * times in this process, checks that all passes agree and prints a summary to {@code out}.
     *
     * @param dir the directory, walked recursively; unreadable files are hashed as {@code "unreadable: <reason>"}
     * @param workers the number of worker JVMs
     * @param passes the number of passes on each side (at least 1)
     * @param insights whether to print where the pool's time went
     * @param out where the summary goes
     * @param progress the options that draw the pool passes' progress (a bar, a listener), or null for none
     * @return what was measured, with the digests
     * @throws Exception if the pool fails, no worker is ready within 60 s, or the two sides' digests differ
     */
    public static Summary run(Path dir, int workers, int passes, boolean insights, PrintStream out, MapOptions progress)
            throws Exception {
        long t = System.nanoTime();
        try (Pool pool = Pool.builder().processes(workers).insights(insights).build()) {
            // the workers boot while this thread lists and reads the directory; a first task tells when one is ready
            CompletableFuture<Long> ready = pool.applyAsync(Digest::ready, 0).thenApply(x -> System.nanoTime() - t);
            List<Path> files = list(dir);
            long bytes = 0;
            for (Path f : files) bytes += warm(f);
            long poolReady = ready.get(60, TimeUnit.SECONDS);
            out.printf("digest: %,d files, %,d MB under %s; %d worker JVMs (the first ready after %d ms)%n",
                    files.size(), bytes >> 20, dir, workers, poolReady / 1_000_000);
            int chunk = Math.max(1, (files.size() + 16 * workers - 1) / (16 * workers));
            List<String> paths = interleave(files.stream().map(Path::toString).toList(), chunk);

            // this process's passes first: meanwhile the workers finish compiling what their start loaded
            Map<String, String> serial = null;
            List<Long> serialPasses = new ArrayList<>();
            for (int p = 1; p <= passes; p++) {
                long t1 = System.nanoTime();
                Map<String, String> got = new TreeMap<>();
                for (Path f : files) got.put(f.toString(), sha256(f));
                serialPasses.add(System.nanoTime() - t1);
                if (serial != null && !serial.equals(got)) throw new IllegalStateException("passes differ");
                serial = got;
            }

            Map<String, String> parallel = null;
            List<Long> poolPasses = new ArrayList<>();
            for (int p = 1; p <= passes; p++) {
                MapOptions o = (progress != null ? progress : MapOptions.defaults()).withChunksize(chunk)
                        .withLabel(String.format("pool pass %d/%d", p, passes));
                long t0 = System.nanoTime();
                List<String> sums = pool.map(Digest::hashFile, paths, o);
                poolPasses.add(System.nanoTime() - t0);
                Map<String, String> got = new TreeMap<>();
                for (int i = 0; i < paths.size(); i++) got.put(paths.get(i), sums.get(i));
                if (!got.equals(serial)) {
                    throw new IllegalStateException("the workers' digests differ from this process's");
                }
                parallel = got;
            }

            Summary s = new Summary(files.size(), bytes, workers, poolReady, List.copyOf(poolPasses),
                    List.copyOf(serialPasses), System.nanoTime() - t, parallel);
            out.printf("done: %,d files, %,d MB, %d passes on each side, all from the page cache:%n", s.files(),
                    bytes >> 20, passes);
            out.printf("  %d worker JVMs: best %.2f s (%,.0f MB/s); passes %s%n", workers, s.parallelNanos() / 1e9,
                    bytes / 1e6 / (s.parallelNanos() / 1e9), seconds(poolPasses));
            out.printf("  one process:   best %.2f s (%,.0f MB/s); passes %s%n", s.serialNanos() / 1e9,
                    bytes / 1e6 / (s.serialNanos() / 1e9), seconds(serialPasses));
            out.printf("  speedup %.2fx; the digests agree; wall time %.1f s%n", s.speedup(), s.wallNanos() / 1e9);
            long largest = files.isEmpty() ? 0 : sizeOf(files.get(0));
            if (largest > 0 && (double) bytes / largest < 1.25 * workers) {
                // a file is hashed in one piece: the largest one is a floor under the parallel time
                out.printf("  (%s is %.0f%% of the bytes: no schedule beats %.2fx here; a directory of many"
                        + " similar files shows the pool's scaling)%n", files.get(0).getFileName(),
                        100.0 * largest / bytes, (double) bytes / largest);
            }
            if (insights) out.print(pool.insights().report());
            return s;
        }
    }

    private static String seconds(List<Long> nanos) {
        StringBuilder b = new StringBuilder();
        for (long n : nanos) b.append(b.isEmpty() ? "" : ", ").append(String.format("%.2f s", n / 1e9));
        return b.toString();
    }

    private static int ready(int x) {
        return x;
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            record Sized(Path path, long size) {}
            return s.filter(Files::isRegularFile).filter(Files::isReadable).map(p -> new Sized(p, sizeOf(p)))
                    .sorted(Comparator.comparingLong(Sized::size).reversed()).map(Sized::path).toList();
        }
    }

    /**
     * The order in which files go out, cut by the pool into chunks of {@code k}: the files are dealt, largest first,
     * one to each of the chunks in turn (skipping a full one), as cards to players. So chunk {@code g} holds the
     * {@code g}-th largest file and no other of the largest ones, and the chunks come roughly largest first.
     */
    static List<String> interleave(List<String> bySizeDesc, int k) {
        int n = bySizeDesc.size(), chunks = (n + k - 1) / k;
        List<List<String>> hands = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) hands.add(new ArrayList<>(k));
        int lastSize = n - (chunks - 1) * k; // the last chunk may be short
        for (int i = 0; i < n; ) {
            for (int c = 0; c < chunks && i < n; c++) {
                if (hands.get(c).size() < (c == chunks - 1 ? lastSize : k)) hands.get(c).add(bySizeDesc.get(i++));
            }
        }
        List<String> out = new ArrayList<>(n);
        for (List<String> h : hands) out.addAll(h);
        return out;
    }

    /** The task: one file's digest, in hex. */
    static String hashFile(String path) {
        return sha256(Path.of(path));
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
}
