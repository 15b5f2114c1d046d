package org.multiprocessing4j.internal.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

import org.multiprocessing4j.internal.unix.UnixSocket;

/**
 * {@link Transport} over a JDK {@link SocketChannel} (Unix-domain or TCP), in non-blocking mode: reads spin briefly
 * like {@link UnixSocket}'s, then wait in a selector in slices so that interruption and close are noticed. Costs
 * no FFM set-up, which is why a child JVM's control connection uses it: a child's first FFM call costs tens of
 * milliseconds of start-up.
 */
public final class ChannelTransport implements Transport {
    private static final long SLICE_MILLIS = 50;
    /**
     * The most bytes passed to one read or write: the JDK copies a heap buffer through a temporary direct buffer of
     * the same size (kept per thread), so a 100 MB frame in one call would cost 100 MB of native memory for good.
     */
    private static final int MAX_IO = 1 << 20;

    private final SocketChannel channel;
    private Selector readSelector;   // guarded by the reader (one at a time, per Connection's read lock)
    private Selector writeSelector;  // guarded by the writer

    public ChannelTransport(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
    }

    public SocketChannel channel() {
        return channel;
    }

    @Override
    public int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, Math.min(len, MAX_IO));
        int n = channel.read(buf);
        if (n != 0) return n;
        long start = System.nanoTime();
        long spin = Math.min(UnixSocket.SPIN_NANOS, timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos);
        while (System.nanoTime() - start < spin) {
            Thread.yield(); // as UnixSocket: a peer on this CPU runs instead of waiting out the spin
            n = channel.read(buf);
            if (n != 0) return n;
        }
        while (true) {
            long left = timeoutNanos < 0 ? -1 : timeoutNanos - (System.nanoTime() - start);
            if (timeoutNanos >= 0 && left <= 0) return 0;
            awaitOp(SelectionKey.OP_READ, left);
            n = channel.read(buf);
            if (n != 0) return n;
        }
    }

    @Override
    public void writeFully(byte[] b, int off, int len) throws IOException {
        for (int at = off, end = off + len; at < end; ) {
            ByteBuffer buf = ByteBuffer.wrap(b, at, Math.min(end - at, MAX_IO));
            while (buf.hasRemaining()) {
                if (channel.write(buf) == 0) awaitOp(SelectionKey.OP_WRITE, -1);
            }
            at = buf.position();
        }
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        long start = System.nanoTime();
        while (true) {
            long left = timeoutNanos < 0 ? -1 : timeoutNanos - (System.nanoTime() - start);
            if (awaitOp(SelectionKey.OP_READ, Math.max(left, timeoutNanos < 0 ? -1 : 0))) return true;
            if (timeoutNanos >= 0 && System.nanoTime() - start >= timeoutNanos) return false;
        }
    }

    /** One selector wait of at most a slice; true when the channel is ready for {@code op}. */
    private boolean awaitOp(int op, long timeoutNanos) throws IOException {
        if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("interrupted while waiting on a socket");
        if (!channel.isOpen()) throw new AsynchronousCloseException();
        Selector s = selector(op);
        long millis = timeoutNanos < 0 ? SLICE_MILLIS : Math.min(SLICE_MILLIS, (timeoutNanos + 999_999) / 1_000_000);
        try {
            int n = millis == 0 ? s.selectNow() : s.select(millis);
            s.selectedKeys().clear();
            return n > 0;
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new AsynchronousCloseException();
        }
    }

    private Selector selector(int op) throws IOException {
        if (op == SelectionKey.OP_READ) {
            if (readSelector == null) readSelector = register(op);
            return readSelector;
        }
        if (writeSelector == null) writeSelector = register(op);
        return writeSelector;
    }

    private Selector register(int op) throws IOException {
        Selector s = Selector.open();
        channel.register(s, op);
        return s;
    }

    @Override
    public boolean isClosed() {
        return !channel.isOpen();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing twice or a reset: the channel is closed either way
        }
        closeQuietly(readSelector);
        closeQuietly(writeSelector);
    }

    private static void closeQuietly(Selector s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
