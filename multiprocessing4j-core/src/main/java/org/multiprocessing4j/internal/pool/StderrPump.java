package org.multiprocessing4j.internal.pool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copies what worker JVMs write to stderr (captured in files, so that the last lines can be quoted when a worker
 * dies) to this process's stderr, every 100 ms and on demand. One daemon thread for the whole JVM, alive while any
 * worker is registered.
 */
final class StderrPump {
    private static final Set<Entry> ENTRIES = ConcurrentHashMap.newKeySet();
    private static Thread thread;

    static final class Entry {
        final Path file;
        long position;

        Entry(Path file) {
            this.file = file;
        }
    }

    private StderrPump() {}

    static synchronized Entry register(Path file) {
        Entry e = new Entry(file);
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
                PrintStream err = System.err;
                while (e.position < size) {
                    b.clear();
                    int n = ch.read(b, e.position);
                    if (n <= 0) break;
                    err.write(b.array(), 0, n);
                    e.position += n;
                }
                err.flush();
            } catch (IOException ex) {
                // file gone: nothing to copy
            }
        }
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
