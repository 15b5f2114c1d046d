package org.multiprocessing4j.internal.unix;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file descriptor that is closed only when no thread is using it, so a descriptor number is never reused
 * under a thread still blocked on it. {@link #close()} shuts a socket down first, which wakes every poller.
 */
public final class FdHandle {
    private static final int CLOSED = 1 << 30;
    private final int fd;
    private final boolean socket;
    /** Users in the low bits, CLOSED flag above them. */
    private final AtomicInteger state = new AtomicInteger();

    public FdHandle(int fd, boolean socket) {
        this.fd = fd;
        this.socket = socket;
    }

    /** Marks the descriptor in use; pair with {@link #release()}. */
    public int acquire() throws ClosedChannelException {
        int s = state.incrementAndGet();
        if ((s & CLOSED) != 0) {
            release();
            throw new ClosedChannelException();
        }
        return fd;
    }

    public void release() {
        if (state.decrementAndGet() == CLOSED) Libc.close(fd);
    }

    public boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /** The raw number, for logging and poll sets; the caller must hold a use. */
    public int rawFd() {
        return fd;
    }

    /** Idempotent. The descriptor is released when the last user leaves. */
    public void close() {
        int s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) return;
        } while (!state.compareAndSet(s, s | CLOSED));
        if (s == 0) {
            Libc.close(fd);
        } else if (socket) {
            Libc.shutdown(fd, Libc.SHUT_RDWR); // wake threads blocked in poll on it
        }
    }
}
