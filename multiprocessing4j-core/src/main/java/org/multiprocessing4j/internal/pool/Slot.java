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
 * A 16-byte file mapped by a worker and its parent: the id of the task the worker is running (negated once it is
 * done) and the {@code System.nanoTime()} when it (or its current item) started. The parent reads it to tell which
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
            if (ch.size() < 16) ch.write(java.nio.ByteBuffer.allocate(16), 0);
            return new Slot(path, ch.map(FileChannel.MapMode.READ_WRITE, 0, 16));
        }
    }

    public Path path() {
        return path;
    }

    public void start(long id, long now) {
        LONG.setOpaque(buf, 8, now);
        LONG.setRelease(buf, 0, id);
    }

    public void item(long now) {
        LONG.setRelease(buf, 8, now);
    }

    public void done(long id) {
        LONG.setRelease(buf, 0, -id);
    }

    public long id() {
        return (long) LONG.getAcquire(buf, 0);
    }

    public long since() {
        return (long) LONG.getAcquire(buf, 8);
    }
}
