package org.multiprocessing4j.internal.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copies what worker JVMs write to stderr (captured in files, so that the last lines can be quoted when a worker
 * dies) to this process's stderr — and, when the pool prefixes worker output, their stdout to this process's
 * stdout — every 100 ms and on demand, optionally starting each line with the worker's name. One daemon thread for
 * the whole JVM, alive while any worker is registered.
 */
final class StderrPump {
    private static final Set<Entry> ENTRIES = ConcurrentHashMap.newKeySet();
    private static Thread thread;

    static final class Entry {
        final Path file;
        final boolean stdout;
        final byte[] prefix;
        long position;
        boolean atLineStart = true;

        Entry(Path file, boolean stdout, String prefix) {
            this.file = file;
            this.stdout = stdout;
            this.prefix = prefix == null ? null : prefix.getBytes(StandardCharsets.UTF_8);
        }
    }

    private StderrPump() {}

    /**
     * Copies {@code file} to this process's stdout ({@code stdout}) or stderr from now on, each line started with
     * {@code prefix} (or as it is, when null).
     */
    static synchronized Entry register(Path file, boolean stdout, String prefix) {
        Entry e = new Entry(file, stdout, prefix);
        ENTRIES.add(e);
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("mp4j-stderr-pump").start(StderrPump::run);
        }
        return e;
    }

    static void unregister(Entry e) {
        drain(e);
        ENTRIES.remove(e);
    }

    static void drain(Entry e) {
        synchronized (e) {
            try (FileChannel ch = FileChannel.open(e.file, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size <= e.position) return;
                ByteBuffer b = ByteBuffer.allocate((int) Math.min(size - e.position, 1 << 20));
                PrintStream out = e.stdout ? System.out : System.err;
                while (e.position < size) {
                    b.clear();
                    int n = ch.read(b, e.position);
                    if (n <= 0) break;
                    if (e.prefix == null) out.write(b.array(), 0, n);
                    else writePrefixed(e, b.array(), n, out);
                    e.position += n;
                }
                out.flush();
            } catch (IOException ex) {
                // file gone: nothing to copy
            }
        }
    }

    /** Writes {@code n} bytes, the prefix first at the start of every line (a line may span drains). */
    private static void writePrefixed(Entry e, byte[] a, int n, PrintStream out) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(n + 64);
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (e.atLineStart) {
                b.write(a, from, i - from);
                b.writeBytes(e.prefix);
                from = i;
                e.atLineStart = false;
            }
            if (a[i] == '\n') e.atLineStart = true;
        }
        b.write(a, from, n - from);
        out.write(b.toByteArray(), 0, b.size());
    }

    private static void run() {
        while (true) {
            for (Entry e : ENTRIES) drain(e);
            try {
                Thread.sleep(100); // a log forwarding period, not a wait for a condition
            } catch (InterruptedException ex) {
                return;
            }
        }
    }
}
