package org.multiprocessing4j.internal.pool;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A 24-byte file mapped by a worker and its parent: the id of the task the worker is running (negated once it is
 * done), the {@code System.nanoTime()} when it (or its current item) started, and a counter the parent bumps after
 * writing a cancel request (so the worker looks at its channel only when there is one). The parent reads it to tell which
 * task a dead worker was running, and how long the running task has taken (timeouts). Both JVMs read the same
 * CLOCK_MONOTONIC through nanoTime on Linux.
 */
public final class Slot {
    // Plain buffer accesses and explicit fences rather than a byte-buffer VarHandle: a fresh worker JVM links a
    // VarHandle's invokers at run time, which costs it tens of milliseconds before its first task. Aligned 8-byte
    // accesses of a mapped buffer are single accesses on the 64-bit platforms the library runs on.
    private final ByteBuffer buf;
    private final Path path;

    private Slot(Path path, ByteBuffer buf) {
        this.path = path;
        this.buf = buf;
    }

    public static Slot map(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (ch.size() < 24) ch.write(java.nio.ByteBuffer.allocate(24), 0);
            // Mapped as a segment, then viewed as a buffer: FileChannel.map(mode, pos, size) builds its buffer by
            // reflection, which a fresh worker pays for with generated method handles (2-3x slower, measured cold).
            ByteBuffer b = ch.map(FileChannel.MapMode.READ_WRITE, 0, 24, Arena.ofAuto()).asByteBuffer();
            b.order(ByteOrder.nativeOrder());
            return new Slot(path, b);
        }
    }

    public Path path() {
        return path;
    }

    /** The worker starts a task. Ordered before its following {@link #cancels()} read (Dekker with the parent). */
    public void start(long id, long now) {
        buf.putLong(8, now);
        VarHandle.releaseFence();
        buf.putLong(0, id);
        VarHandle.fullFence();
    }

    /** Cancel requests written so far (the worker compares it with the count it has seen). */
    public long cancels() {
        long n = buf.getLong(16);
        VarHandle.acquireFence();
        return n;
    }

    /** The parent has written a cancel request; ordered before its following {@link #id()} read. */
    public void cancelWritten() {
        synchronized (this) { // one parent thread at a time increments; the worker only reads
            buf.putLong(16, buf.getLong(16) + 1);
        }
        VarHandle.fullFence();
    }

    public void item(long now) {
        VarHandle.releaseFence();
        buf.putLong(8, now);
    }

    public void done(long id) {
        VarHandle.releaseFence();
        buf.putLong(0, -id);
    }

    public long id() {
        long id = buf.getLong(0);
        VarHandle.acquireFence();
        return id;
    }

    public long since() {
        long t = buf.getLong(8);
        VarHandle.acquireFence();
        return t;
    }
}
