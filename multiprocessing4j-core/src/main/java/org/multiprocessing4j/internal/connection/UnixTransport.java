package org.multiprocessing4j.internal.connection;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

import org.multiprocessing4j.internal.unix.UnixSocket;

/** {@link Transport} over an FFM Unix socket; heap arrays go to the kernel without a copy. */
public record UnixTransport(UnixSocket socket) implements Transport {
    @Override
    public int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        return socket.read(MemorySegment.ofArray(b).asSlice(off, len), len, timeoutNanos);
    }

    @Override
    public void writeFully(byte[] b, int off, int len) throws IOException {
        socket.writeFully(MemorySegment.ofArray(b).asSlice(off, len), len);
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        return socket.awaitReadable(timeoutNanos);
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public UnixSocket unixSocket() {
        return socket;
    }
}
