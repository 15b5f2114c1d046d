package org.multiprocessing4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Connections;
import org.multiprocessing4j.connection.Pipe;

/**
 * The showcase: SHA-256 of every file under a directory (seed 001's build_digest_map), computed by worker JVMs.
 * Work is handed out in batches as workers ask for it, largest files first, so the workers finish together.
 * Then it hashes the same files in this one process and prints the speedup.
 *
 * <pre>bin/demo [directory] [workers]</pre>
 */
public final class Digest {
    private static final int BATCH_FILES = 8;

    private Digest() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.home"));
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : Multiprocessing.cpuCount();
        List<Path> files = list(dir);
        long bytes = 0;
        for (Path f : files) bytes += Files.size(f);
        System.out.printf("digest: %,d files, %,d MB under %s, %d worker JVMs%n", files.size(), bytes >> 20, dir, workers);

        for (Path f : files) warm(f); // both passes then read from the page cache: a fair comparison
        long t0 = System.nanoTime();
        Map<String, String> parallel = digestInWorkers(files, workers, bytes);
        long parallelNanos = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        Map<String, String> serial = new TreeMap<>();
        for (Path f : files) serial.put(f.toString(), sha256(f));
        long serialNanos = System.nanoTime() - t1;

        if (!serial.equals(parallel)) throw new IllegalStateException("the workers' digests differ from this process's");
        System.out.printf("done: %,d files, %,d MB in %.2f s with %d workers (%.0f MB/s); one process: %.2f s; "
                        + "speedup %.2fx%n", files.size(), bytes >> 20, parallelNanos / 1e9, workers,
                bytes / 1e6 / (parallelNanos / 1e9), serialNanos / 1e9, (double) serialNanos / parallelNanos);
        String first = parallel.keySet().iterator().next();
        System.out.println("e.g. " + parallel.get(first) + "  " + first);
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(Files::isReadable)
                    .sorted(Comparator.comparingLong(Digest::sizeOf).reversed()).toList();
        }
    }

    /** Runs the digests on {@code workers} child JVMs; returns path → hex digest. */
    static Map<String, String> digestInWorkers(List<Path> files, int workers, long totalBytes) throws Exception {
        ArrayDeque<Path> todo = new ArrayDeque<>(files);
        List<JvmProcess> procs = new ArrayList<>();
        List<Connection> conns = new ArrayList<>();
        Map<String, String> result = new TreeMap<>();
        Progress progress = new Progress(files.size(), totalBytes);
        try {
            for (int i = 0; i < workers; i++) {
                Pipe pipe = Pipe.open();
                JvmProcess p = JvmProcess.of(Digest::worker, pipe.second()).name("digest-" + i).daemon(true);
                p.start();
                pipe.second().close(); // the child has its own end now
                procs.add(p);
                conns.add(pipe.first());
                sendBatch(pipe.first(), todo);
                sendBatch(pipe.first(), todo); // two batches in flight: a worker never waits for the next one
            }
            List<Connection> open = new ArrayList<>(conns);
            while (result.size() < files.size()) {
                for (Connection c : Connections.wait(open, Duration.ofSeconds(60))) {
                    Object[] done = (Object[]) c.recv();
                    for (int k = 0; k < done.length; k += 3) {
                        result.put((String) done[k], (String) done[k + 1]);
                        progress.advance((Long) done[k + 2]);
                    }
                    sendBatch(c, todo);
                }
            }
            progress.finish();
            for (Connection c : conns) c.send(null);
            for (JvmProcess p : procs) {
                if (!p.join(Duration.ofSeconds(30)) || p.exitCode().orElse(-1) != 0) {
                    throw new IllegalStateException(p + " did not end cleanly");
                }
            }
            return result;
        } finally {
            for (JvmProcess p : procs) if (p.isAlive()) p.kill();
            for (Connection c : conns) c.close();
        }
    }

    private static void sendBatch(Connection c, ArrayDeque<Path> todo) throws IOException {
        if (todo.isEmpty()) return;
        List<String> batch = new ArrayList<>();
        while (batch.size() < BATCH_FILES && !todo.isEmpty()) batch.add(todo.poll().toString());
        c.send(batch.toArray());
    }

    /** A worker: hashes each batch it receives and sends back path, digest, size triples; stops on null. */
    static void worker(Connection c) {
        try {
            Object msg;
            while ((msg = c.recv()) != null) {
                Object[] paths = (Object[]) msg;
                Object[] out = new Object[paths.length * 3];
                for (int i = 0; i < paths.length; i++) {
                    Path p = Path.of((String) paths[i]);
                    out[3 * i] = paths[i];
                    out[3 * i + 1] = sha256(p);
                    out[3 * i + 2] = sizeOf(p);
                }
                c.send(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static void warm(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // reported as unreadable by both passes
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** A one-line progress report on stderr, redrawn in place on a terminal and silent otherwise. */
    private static final class Progress {
        private final int files;
        private final long bytes;
        private final long start = System.nanoTime();
        private final boolean tty = System.console() != null;
        private int doneFiles;
        private long doneBytes;
        private long lastDraw;

        Progress(int files, long bytes) {
            this.files = files;
            this.bytes = bytes;
        }

        void advance(long fileBytes) {
            doneFiles++;
            doneBytes += fileBytes;
            long now = System.nanoTime();
            if (tty && now - lastDraw > 100_000_000L) {
                lastDraw = now;
                draw(now);
            }
        }

        void finish() {
            if (tty) {
                draw(System.nanoTime());
                System.err.println();
            }
        }

        private void draw(long now) {
            double secs = (now - start) / 1e9;
            double rate = doneBytes / 1e6 / Math.max(secs, 1e-9);
            double eta = rate > 0 ? (bytes - doneBytes) / 1e6 / rate : 0;
            int width = 30;
            int filled = (int) (width * (double) doneBytes / Math.max(1, bytes));
            System.err.printf("\r[%s%s] %d/%d files  %.0f MB/s  ETA %.1f s ", "#".repeat(filled),
                    " ".repeat(width - filled), doneFiles, files, rate, eta);
        }
    }
}
