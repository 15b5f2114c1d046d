package org.multiprocessing4j.internal.unix;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file descriptor that is closed only when no thread is using it, so a descriptor number is never reused
 * under a thread still blocked on it. Threads waiting on it notice {@link #close()} within one poll slice.
 */
public final class FdHandle {
    private static final int CLOSED = 1 << 30;
    private final int fd;
    /** Users in the low bits, CLOSED flag above them. */
    private final AtomicInteger state = new AtomicInteger();

    public FdHandle(int fd) {
        this.fd = fd;
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
        // With users still inside, the last one closes it. No shutdown(2) to wake them: it would end the socket for
        // every process holding a copy (a connection handed to a child). Waiters poll in slices and see the flag.
        if (s == 0) Libc.close(fd);
    }
}
