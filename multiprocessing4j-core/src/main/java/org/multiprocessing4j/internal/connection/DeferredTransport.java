package org.multiprocessing4j.internal.connection;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

import org.multiprocessing4j.internal.unix.UnixSocket;

/**
 * The parent's end of a connection that a child process opens by connecting back ({@link ResourceSharer#expect}):
 * usable at once, live when the child arrives. Writes made before that are kept, in order, and sent first; reads
 * wait for the child (within their timeout). Closing it before the child arrives withdraws the invitation.
 */
final class DeferredTransport implements Transport {
    private final String ticket;
    private List<byte[]> early = new ArrayList<>(); // guarded by this; null once live or closed
    private volatile Transport live;
    private volatile boolean closed;

    DeferredTransport(String ticket) {
        this.ticket = ticket;
    }

    /** The child has connected and authenticated: send what was written meanwhile, then go live. */
    void arrive(UnixTransport t) throws IOException {
        synchronized (this) {
            if (closed) {
                t.close();
                return;
            }
            try {
                for (byte[] b : early) t.writeFully(b, 0, b.length);
            } catch (IOException e) {
                t.close();
                throw e;
            }
            early = null;
            live = t;
            notifyAll();
        }
    }

    /** Waits (bounded by {@code timeoutNanos}, negative: no limit) for the child; null on timeout. */
    private Transport await(long timeoutNanos) throws IOException {
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        Transport t;
        synchronized (this) {
            while ((t = live) == null) { // arrive() and close() notify
                if (closed) throw new EOFException("the connection was closed before the child process connected");
                try {
                    if (deadline == Long.MAX_VALUE) {
                        wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) return null;
                        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for a child process to connect");
                }
            }
        }
        return t;
    }

    @Override
    public int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        Transport t = live;
        if (t != null) return t.read(b, off, len, timeoutNanos); // the child is there: no clock on every read
        long start = System.nanoTime();
        t = await(timeoutNanos);
        if (t == null) return 0;
        return t.read(b, off, len, remaining(timeoutNanos, start));
    }

    /** What is left of {@code timeoutNanos} (negative: no limit) since {@code start}. */
    private static long remaining(long timeoutNanos, long start) {
        return timeoutNanos < 0 ? -1 : Math.max(0, timeoutNanos - (System.nanoTime() - start));
    }

    @Override
    public void writeFully(byte[] b, int off, int len) throws IOException {
        Transport t = live;
        if (t == null) {
            synchronized (this) {
                if (closed) throw new IOException("the connection is closed");
                if (live == null) {
                    early.add(java.util.Arrays.copyOfRange(b, off, off + len));
                    return;
                }
                t = live;
            }
        }
        t.writeFully(b, off, len);
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        Transport t = live;
        if (t != null) return t.awaitReadable(timeoutNanos);
        long start = System.nanoTime();
        t = await(timeoutNanos);
        if (t == null) return false;
        return t.awaitReadable(remaining(timeoutNanos, start));
    }

    @Override
    public boolean isClosed() {
        Transport t = live;
        return t != null ? t.isClosed() : closed;
    }

    @Override
    public void close() {
        Transport t;
        synchronized (this) {
            closed = true;
            early = null;
            t = live;
            notifyAll();
        }
        ResourceSharer.withdraw(ticket);
        if (t != null) t.close();
    }

    @Override
    public UnixSocket unixSocket() {
        Transport t = live;
        return t != null ? t.unixSocket() : null;
    }
}
