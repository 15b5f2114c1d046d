package org.multiprocessing4j.internal.pool;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
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
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private final MappedByteBuffer buf;
    private final Path path;

    private Slot(Path path, MappedByteBuffer buf) {
        this.path = path;
        this.buf = buf;
    }

    public static Slot map(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (ch.size() < 24) ch.write(java.nio.ByteBuffer.allocate(24), 0);
            return new Slot(path, ch.map(FileChannel.MapMode.READ_WRITE, 0, 24));
        }
    }

    public Path path() {
        return path;
    }

    /** The worker starts a task. Volatile: ordered before its following {@link #cancels()} read (Dekker with the parent). */
    public void start(long id, long now) {
        LONG.setOpaque(buf, 8, now);
        LONG.setVolatile(buf, 0, id);
    }

    /** Cancel requests written so far (the worker compares it with the count it has seen). */
    public long cancels() {
        return (long) LONG.getVolatile(buf, 16);
    }

    /** The parent has written a cancel request; volatile, ordered before its following {@link #id()} read. */
    public void cancelWritten() {
        LONG.getAndAdd(buf, 16, 1L);
    }

    public void item(long now) {
        LONG.setRelease(buf, 8, now);
    }

    public void done(long id) {
        LONG.setRelease(buf, 0, -id);
    }

    public long id() {
        return (long) LONG.getVolatile(buf, 0);
    }

    public long since() {
        return (long) LONG.getAcquire(buf, 8);
    }
}
