package org.multiprocessing4j.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.multiprocessing4j.internal.unix.FdHandle;
import org.multiprocessing4j.internal.unix.Libc;

/**
 * A handle that becomes ready, once and for good, when a process ends — Python's {@code Process.sentinel}.
 * Backed by a Linux pidfd, so it can be waited on together with connections by {@link Connections#wait}.
 * Closed with its process object.
 */
public final class Sentinel implements AutoCloseable {
    private final FdHandle pidfd; // null when the process had already ended when the sentinel was made
    private final ProcessHandle process;

    private Sentinel(FdHandle pidfd, ProcessHandle process) {
        this.pidfd = pidfd;
        this.process = process;
    }

    /**
     * Internal: a sentinel for a process.
     *
     * @param pid the process id
     * @param process the process, or null if unknown
     * @return the sentinel, ready at once if the process has already ended
     */
    public static Sentinel forProcess(long pid, ProcessHandle process) {
        int fd = Libc.pidfdOpen((int) pid);
        if (fd < 0) return new Sentinel(null, process);
        Sentinel s = new Sentinel(new FdHandle(fd), process);
        if (process != null && !process.isAlive()) { // reaped before the pidfd opened: never trust that pid
            s.pidfd.close();
            return new Sentinel(null, process);
        }
        return s;
    }

    /** {@return true when the process has ended; never waits} */
    public boolean isReady() {
        try {
            return !Connections.wait(List.of(this), Duration.ZERO).isEmpty();
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Waits up to {@code timeout} for the process to end.
     *
     * @param timeout how long to wait; null waits forever
     * @return true if the process has ended, false on timeout
     * @throws java.io.InterruptedIOException if interrupted while waiting
     * @throws IOException if waiting fails
     */
    public boolean await(Duration timeout) throws IOException {
        return !Connections.wait(List.of(this), timeout).isEmpty();
    }

    FdHandle pidfd() {
        return pidfd;
    }

    @Override
    public void close() {
        if (pidfd != null) pidfd.close();
    }
}
