package org.multiprocessing4j.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.multiprocessing4j.internal.unix.FdHandle;
import org.multiprocessing4j.internal.unix.Libc;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** Functions over many connections — Python's {@code multiprocessing.connection.wait}. */
public final class Connections {
    private Connections() {}

    /** The longest pause between two looks at objects that {@code wait} must poll. */
    private static final long POLL_SLICE_NANOS = 2_000_000L;

    /**
     * Waits until at least one object is ready, or the timeout passes, and returns the ready ones in the order
     * given. A {@link Connection} is ready when a receive would not block (a message, or the end of the stream);
     * a {@link Sentinel} when its process has ended; a {@link Waitable} (a shared queue, for instance) when it says
     * so. A null timeout waits forever; {@link Duration#ZERO} (or a negative one) polls.
     *
     * <p>Unix-socket connections and sentinels are watched by the kernel ({@code poll}); TCP connections and
     * {@link Waitable}s are looked at every few milliseconds while waiting, so their readiness may be noticed up
     * to 2 ms late.
     *
     * @param <T> the type of the objects
     * @param objects connections and sentinels
     * @param timeout how long to wait; null waits forever
     * @return the ready objects; empty on timeout
     * @throws IllegalArgumentException for an object of another type, or a connection that is closed
     * @throws InterruptedIOException if the thread is interrupted while waiting
     */
    public static <T> List<T> wait(Collection<T> objects, Duration timeout) throws IOException {
        List<T> items = new ArrayList<>(objects);
        boolean polled = false;
        for (T o : items) {
            if (o instanceof Connection c) {
                if (c.isClosed()) throw new IllegalArgumentException("cannot wait on a closed connection");
                if (c.transport().unixSocket() == null) polled = true;
            } else if (o instanceof Waitable) {
                polled = true;
            } else if (!(o instanceof Sentinel)) {
                throw new IllegalArgumentException("cannot wait on a " + (o == null ? "null" : o.getClass().getName())
                        + "; give connections, process sentinels or queues");
            }
        }
        if (timeout != null && timeout.isNegative()) timeout = Duration.ZERO;
        if (!polled) return waitFds(items, timeout);
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        List<T> kernel = new ArrayList<>();
        for (T o : items) {
            if (o instanceof Sentinel || (o instanceof Connection c && c.transport().unixSocket() != null)) kernel.add(o);
        }
        long slice = 100_000L;
        while (true) {
            List<T> ready = new ArrayList<>();
            List<T> kernelReady = kernel.isEmpty() ? List.of() : waitFds(kernel, Duration.ZERO);
            for (T o : items) {
                if (kernelReady.contains(o) || pollOne(o)) ready.add(o);
            }
            if (!ready.isEmpty()) return ready;
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) return ready;
            long pause = Math.min(slice, left);
            slice = Math.min(POLL_SLICE_NANOS, slice * 2);
            if (kernel.isEmpty()) {
                if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("interrupted in wait()");
                java.util.concurrent.locks.LockSupport.parkNanos(pause);
            } else {
                waitFds(kernel, Duration.ofNanos(pause)); // wakes at once when a kernel-watched object is ready
            }
        }
    }

    private static boolean pollOne(Object o) throws IOException {
        if (o instanceof Waitable w) return w.isReady();
        if (o instanceof Connection c && c.transport().unixSocket() == null) {
            return c.hasBuffered() || c.transport().awaitReadable(0);
        }
        return false;
    }

    /** {@code wait} over Unix-socket connections and sentinels only: one {@code poll(2)}. */
    private static <T> List<T> waitFds(List<T> items, Duration timeout) throws IOException {
        FdHandle[] fds = new FdHandle[items.size()];
        List<T> ready = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object o = items.get(i);
            if (o instanceof Connection c) {
                if (c.isClosed()) throw new IllegalArgumentException("cannot wait on a closed connection");
                if (c.hasBuffered()) ready.add(items.get(i));
                fds[i] = c.transport().unixSocket().handle();
            } else if (o instanceof Sentinel s) {
                if (s.pidfd() == null) ready.add(items.get(i));
                fds[i] = s.pidfd();
            }
        }
        if (!ready.isEmpty()) return ready;
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        int acquired = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(Libc.POLLFD, items.size());
            for (; acquired < fds.length; acquired++) {
                set.setAtIndex(JAVA_INT, acquired * 2L, fds[acquired].acquire());
                set.set(JAVA_SHORT, acquired * 8L + 4, Libc.POLLIN);
            }
            while (true) {
                if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("interrupted in wait()");
                long left = deadline == Long.MAX_VALUE ? 50_000_000L : deadline - System.nanoTime();
                int millis = (int) Math.max(0, Math.min(50, (left + 999_999) / 1_000_000));
                int r = Libc.poll(set, items.size(), millis);
                if (r < 0 && Libc.errno() != Libc.EINTR) throw Libc.error("poll", Libc.errno());
                if (r > 0) {
                    for (int i = 0; i < items.size(); i++) {
                        if (set.get(JAVA_SHORT, i * 8L + 6) != 0) ready.add(items.get(i));
                    }
                    return ready;
                }
                if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) return ready;
            }
        } finally {
            for (int i = 0; i < acquired; i++) fds[i].release();
        }
    }
}
