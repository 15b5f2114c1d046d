package org.multiprocessing4j.internal.unix;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketException;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A connected {@code AF_UNIX} stream socket driven through FFM.
 *
 * <p>Data calls never block inside the kernel: they use {@code MSG_DONTWAIT}, spin briefly when nothing is
 * ready (a wake-up across CPUs costs tens of microseconds on small VMs, a spin a fraction of one), then wait in
 * {@code poll(2)} in slices so that interruption and {@link #close()} are noticed. The spin yields the CPU between
 * attempts, so a peer on the same CPU is not held up by it. One reader and one writer may
 * use a socket at the same time; {@link #close()} may be called from any thread.
 */
public final class UnixSocket implements Closeable {
    /** How long a waiting reader spins before it sleeps in poll; {@code -Dmultiprocessing4j.spinNanos}. */
    public static final long SPIN_NANOS = Long.getLong("multiprocessing4j.spinNanos", 40_000L);
    private static final int SLICE_MILLIS = 50;
    private static final int SEND_FLAGS = Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL;

    private final FdHandle handle;

    public UnixSocket(int fd) {
        this.handle = new FdHandle(fd);
    }

    /** Two connected sockets, as {@code socketpair(2)}. */
    public static UnixSocket[] pair() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sv = arena.allocate(JAVA_INT, 2);
            if (Libc.socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, sv) < 0) {
                throw Libc.error("socketpair", Libc.errno());
            }
            return new UnixSocket[] {new UnixSocket(sv.getAtIndex(JAVA_INT, 0)), new UnixSocket(sv.getAtIndex(JAVA_INT, 1))};
        }
    }

    /** Connects to a listening socket at {@code path}. */
    public static UnixSocket connect(Path path) throws IOException {
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) throw Libc.error("socket", Libc.errno());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = SockAddr.of(arena, path);
            int r;
            do {
                r = Libc.connect(fd, addr, SockAddr.SIZE);
            } while (r < 0 && Libc.errno() == Libc.EINTR);
            if (r < 0) {
                int e = Libc.errno();
                Libc.close(fd);
                throw Libc.error("connect to " + path, e);
            }
            return new UnixSocket(fd);
        }
    }

    public FdHandle handle() {
        return handle;
    }

    public boolean isClosed() {
        return handle.isClosed();
    }

    /**
     * Reads what is there without waiting.
     *
     * @return bytes read, 0 when nothing is available, -1 at end of stream
     */
    public int readNow(MemorySegment dst, long len) throws IOException {
        int fd = handle.acquire();
        try {
            return readNow(fd, dst, len);
        } finally {
            handle.release();
        }
    }

    private static int readNow(int fd, MemorySegment dst, long len) throws IOException {
        while (true) {
            long n = Libc.recv(fd, dst, len, Libc.MSG_DONTWAIT);
            if (n > 0) return (int) n;
            if (n == 0) return -1;
            int e = Libc.errno();
            if (e == Libc.EAGAIN) return 0;
            if (e == Libc.EINTR) continue;
            if (e == Libc.ECONNRESET) return -1; // the peer died with unread data of ours: that is an end of stream
            throw Libc.error("recv", e);
        }
    }

    /**
     * Reads at least one byte, waiting up to {@code timeoutNanos} (negative: forever).
     *
     * @return bytes read, 0 on timeout, -1 at end of stream
     * @throws InterruptedIOException if the thread is interrupted while waiting; nothing is consumed
     */
    public int read(MemorySegment dst, long len, long timeoutNanos) throws IOException {
        int fd = handle.acquire();
        try {
            int n = readNow(fd, dst, len);
            if (n != 0) return n;
            long start = System.nanoTime();
            long spinUntil = start + Math.min(SPIN_NANOS, timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos);
            while (System.nanoTime() - spinUntil < 0) {
                // Yield rather than pause: when the peer shares this CPU it runs now instead of after our spin.
                Thread.yield();
                n = readNow(fd, dst, len);
                if (n != 0) return n;
            }
            while (true) {
                long left = timeoutNanos < 0 ? -1 : timeoutNanos - (System.nanoTime() - start);
                if (timeoutNanos >= 0 && left <= 0) return 0;
                pollOnce(fd, Libc.POLLIN, left);
                n = readNow(fd, dst, len);
                if (n != 0) return n;
                if (handle.isClosed()) throw new java.nio.channels.AsynchronousCloseException();
            }
        } finally {
            handle.release();
        }
    }

    /** True when a read would not wait (data, end of stream or an error), waiting up to the timeout. */
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        int fd = handle.acquire();
        try {
            long start = System.nanoTime();
            while (true) {
                long left = timeoutNanos < 0 ? -1 : timeoutNanos - (System.nanoTime() - start);
                if (pollOnce(fd, Libc.POLLIN, Math.max(left, timeoutNanos < 0 ? -1 : 0)) != 0) return true;
                if (timeoutNanos >= 0 && System.nanoTime() - start >= timeoutNanos) return false;
                if (handle.isClosed()) throw new java.nio.channels.AsynchronousCloseException();
            }
        } finally {
            handle.release();
        }
    }

    /** Writes all bytes, waiting for room as long as the peer is alive. */
    public void writeFully(MemorySegment src, long len) throws IOException {
        int fd = handle.acquire();
        try {
            long off = 0;
            while (off < len) {
                long n = Libc.send(fd, src.asSlice(off), len - off, SEND_FLAGS);
                if (n > 0) {
                    off += n;
                    continue;
                }
                int e = Libc.errno();
                if (e == Libc.EINTR) continue;
                if (e == Libc.EAGAIN) {
                    // The reader drains a full buffer in microseconds: spin (yielding) before sleeping, since each
                    // sleep costs a wake-up across CPUs per buffer's worth of a large message.
                    if (!spinUntilWritable(fd)) pollOnce(fd, Libc.POLLOUT, -1);
                    if (handle.isClosed()) throw new java.nio.channels.AsynchronousCloseException();
                    continue;
                }
                if (e == Libc.EPIPE || e == Libc.ECONNRESET) {
                    throw new SocketException("the other end of the connection is closed (" + Libc.strerror(e) + ")");
                }
                throw Libc.error("send", e);
            }
        } finally {
            handle.release();
        }
    }

    /** Yields for up to the spin time while the socket stays full; true as soon as it has room. */
    private boolean spinUntilWritable(int fd) throws IOException {
        long end = System.nanoTime() + SPIN_NANOS;
        while (System.nanoTime() - end < 0) {
            Thread.yield();
            if (pollOnce(fd, Libc.POLLOUT, 0) != 0) return true;
        }
        return false;
    }

    /** One poll of at most one slice; returns revents (0 on timeout). Checks interruption. */
    private int pollOnce(int fd, short events, long timeoutNanos) throws IOException {
        if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("interrupted while waiting on a socket");
        int millis = timeoutNanos < 0 ? SLICE_MILLIS : (int) Math.min(SLICE_MILLIS, (timeoutNanos + 999_999) / 1_000_000);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(Libc.POLLFD);
            p.set(JAVA_INT, 0, fd);
            p.set(JAVA_SHORT, 4, events);
            int r = Libc.poll(p, 1, millis);
            if (r < 0) {
                int e = Libc.errno();
                if (e == Libc.EINTR) return 0;
                throw Libc.error("poll", e);
            }
            return r == 0 ? 0 : p.get(JAVA_SHORT, 6);
        }
    }

    /**
     * Sends one descriptor with one byte of data ({@code SCM_RIGHTS}); a negative {@code fdToSend} sends the byte
     * alone, which {@link #receiveFd} reports as -1.
     */
    public void sendFd(int fdToSend) throws IOException {
        int fd = handle.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(1);
            data.set(JAVA_BYTE, 0, (byte) (fdToSend >= 0 ? 1 : 0));
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(JAVA_LONG, 0, data.address());
            iov.set(JAVA_LONG, 8, 1);
            MemorySegment cmsg = arena.allocate(24, 8);
            cmsg.set(JAVA_LONG, 0, 20);              // CMSG_LEN(sizeof(int))
            cmsg.set(JAVA_INT, 8, Libc.SOL_SOCKET);
            cmsg.set(JAVA_INT, 12, Libc.SCM_RIGHTS);
            cmsg.set(JAVA_INT, 16, fdToSend);
            MemorySegment msg = msghdr(arena, iov, fdToSend >= 0 ? cmsg : null);
            long r;
            do {
                r = Libc.sendmsg(fd, msg, Libc.MSG_NOSIGNAL);
            } while (r < 0 && Libc.errno() == Libc.EINTR);
            if (r < 0) throw Libc.error("sendmsg", Libc.errno());
        } finally {
            handle.release();
        }
    }

    /** Receives one descriptor sent by {@link #sendFd}, waiting up to the timeout. */
    public int receiveFd(long timeoutNanos) throws IOException {
        if (!awaitReadable(timeoutNanos)) throw new java.net.SocketTimeoutException("no descriptor arrived in time");
        int fd = handle.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(1);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(JAVA_LONG, 0, data.address());
            iov.set(JAVA_LONG, 8, 1);
            MemorySegment cmsg = arena.allocate(24, 8);
            MemorySegment msg = msghdr(arena, iov, cmsg);
            long r;
            do {
                r = Libc.recvmsg(fd, msg, Libc.MSG_CMSG_CLOEXEC);
            } while (r < 0 && Libc.errno() == Libc.EINTR);
            if (r < 0) throw Libc.error("recvmsg", Libc.errno());
            if (r == 0) throw new EOFException("the peer closed before sending a descriptor");
            if (data.get(JAVA_BYTE, 0) == 0) return -1;
            if (msg.get(JAVA_LONG, 40) < 20 || cmsg.get(JAVA_INT, 12) != Libc.SCM_RIGHTS) {
                throw new IOException("expected a file descriptor from the peer, got plain data");
            }
            return cmsg.get(JAVA_INT, 16);
        } finally {
            handle.release();
        }
    }

    private static MemorySegment msghdr(Arena arena, MemorySegment iov, MemorySegment cmsg) {
        MemorySegment msg = arena.allocate(56, 8);
        msg.set(JAVA_LONG, 16, iov.address()); // msg_iov
        msg.set(JAVA_LONG, 24, 1);             // msg_iovlen
        if (cmsg != null) {
            msg.set(JAVA_LONG, 32, cmsg.address()); // msg_control
            msg.set(JAVA_LONG, 40, cmsg.byteSize()); // msg_controllen
        }
        return msg;
    }

    /** The process id and user id of the peer ({@code SO_PEERCRED}). */
    public int[] peerCredentials() throws IOException {
        int fd = handle.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cred = arena.allocate(12, 4);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 12);
            if (Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_PEERCRED, cred, len) < 0) {
                throw Libc.error("getsockopt(SO_PEERCRED)", Libc.errno());
            }
            return new int[] {cred.get(JAVA_INT, 0), cred.get(JAVA_INT, 4)};
        } finally {
            handle.release();
        }
    }

    /** Detaches the descriptor for sending elsewhere: the caller owns the returned number. */
    public int rawFd() {
        return handle.rawFd();
    }

    @Override
    public void close() {
        handle.close();
    }
}
