package org.multiprocessing4j.internal.unix;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** A listening {@code AF_UNIX} stream socket bound to a path; the path is removed on close. */
public final class UnixServerSocket implements Closeable {
    private final FdHandle handle;
    private final Path path;

    private UnixServerSocket(int fd, Path path) {
        this.handle = new FdHandle(fd);
        this.path = path;
    }

    public static UnixServerSocket bind(Path path, int backlog) throws IOException {
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) throw Libc.error("socket", Libc.errno());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = SockAddr.of(arena, path);
            if (Libc.bind(fd, addr, SockAddr.SIZE) < 0) throw Libc.error("bind " + path, Libc.errno());
            if (Libc.listen(fd, backlog) < 0) throw Libc.error("listen " + path, Libc.errno());
            return new UnixServerSocket(fd, path);
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public FdHandle handle() {
        return handle;
    }

    /**
     * Waits up to the timeout (negative: forever) for a connection.
     *
     * @return the connection, or null on timeout
     */
    public UnixSocket accept(long timeoutNanos) throws IOException {
        int fd = handle.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(Libc.POLLFD);
            long start = System.nanoTime();
            while (true) {
                if (Thread.currentThread().isInterrupted()) throw new java.io.InterruptedIOException("interrupted in accept");
                long left = timeoutNanos < 0 ? 50_000_000L : timeoutNanos - (System.nanoTime() - start);
                if (left <= 0) return null;
                p.set(JAVA_INT, 0, fd);
                p.set(JAVA_SHORT, 4, Libc.POLLIN);
                p.set(JAVA_SHORT, 6, (short) 0);
                int r = Libc.poll(p, 1, (int) Math.min(50, (left + 999_999) / 1_000_000));
                if (handle.isClosed()) throw new AsynchronousCloseException();
                if (r < 0 && Libc.errno() != Libc.EINTR) throw Libc.error("poll", Libc.errno());
                if (r <= 0) continue;
                int c = Libc.accept4(fd, Libc.SOCK_CLOEXEC);
                if (c >= 0) return new UnixSocket(c);
                int e = Libc.errno();
                if (e == Libc.EAGAIN || e == Libc.EINTR || e == 103 /* ECONNABORTED */) continue;
                if (handle.isClosed()) throw new AsynchronousCloseException();
                throw Libc.error("accept", e);
            }
        } finally {
            handle.release();
        }
    }

    @Override
    public void close() {
        handle.close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the directory is removed with the runtime directory anyway
        }
    }
}
