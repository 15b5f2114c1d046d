package org.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

import org.multiprocessing4j.internal.unix.Libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libc calls for POSIX shared memory under {@code /dev/shm}: open, ftruncate, mmap, munmap, unlink. Kept apart from
 * {@link Libc} (which another part of the library owns) but built with its errno-capturing {@link Libc#downcall}, so
 * a JVM without native access gets the same "add --enable-native-access=..." message.
 */
public final class ShmNative {
    private ShmNative() {}

    private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));
    static final int O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_CLOEXEC = 0x80000;
    static final int O_NOFOLLOW = AARCH64 ? 0x8000 : 0x20000;
    static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1, MAP_POPULATE = 0x8000, SEEK_END = 2;
    static final int ENOSPC = 28, EOPNOTSUPP = 95;

    private static final MethodHandle OPEN = Libc.downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FTRUNCATE = Libc.downcall("ftruncate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle FALLOCATE = Libc.downcall("fallocate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle LSEEK = Libc.downcall("lseek",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MMAP = Libc.downcall("mmap",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = Libc.downcall("munmap",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle UNLINK = Libc.downcall("unlink",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle CLOSE = Libc.downcall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** Opens (and with {@code create}, exclusively creates with mode 0600) {@code path}; returns the descriptor. */
    static int open(String path, boolean create) throws IOException {
        int flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | (create ? O_CREAT | O_EXCL : 0);
        int fd;
        try (Arena a = Arena.ofConfined()) {
            fd = (int) OPEN.invokeExact(Libc.state(), a.allocateFrom(path), flags, 0600);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (fd < 0) {
            int e = Libc.errno();
            if (e == Libc.EEXIST) throw new FileAlreadyExistsException(path);
            if (e == Libc.ENOENT) throw new NoSuchFileException(path);
            throw Libc.error("open(" + path + ")", e);
        }
        return fd;
    }

    static void ftruncate(int fd, long size) throws IOException {
        int r;
        try {
            r = (int) FTRUNCATE.invokeExact(Libc.state(), fd, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) throw Libc.error("ftruncate", Libc.errno());
    }

    /**
     * Backs the whole file with memory now. On tmpfs a full {@code /dev/shm} then fails here, with a clear error,
     * instead of killing the process with SIGBUS at its first write to a page that cannot be allocated; and writes
     * into the segment never stop to allocate pages.
     */
    static void allocate(int fd, long size, String name) throws IOException {
        int r;
        try {
            r = (int) FALLOCATE.invokeExact(Libc.state(), fd, 0, 0L, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == 0) return;
        int e = Libc.errno();
        if (e == EOPNOTSUPP) return; // not tmpfs: pages come on first touch
        if (e == ENOSPC) {
            throw new IOException("no room for a shared memory segment of " + size + " bytes: /dev/shm is full "
                    + "(enlarge it, e.g. docker --shm-size, or free segments) [" + name + "]");
        }
        throw Libc.error("fallocate", e);
    }

    /** The size of the open file (its end offset). */
    static long size(int fd) throws IOException {
        long r;
        try {
            r = (long) LSEEK.invokeExact(Libc.state(), fd, 0L, SEEK_END);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) throw Libc.error("lseek", Libc.errno());
        return r;
    }

    /** A shared read-write mapping of the whole file; returns its address. */
    static long mmap(int fd, long size) throws IOException {
        long r;
        try {
            // MAP_POPULATE maps every page now, so the first access to each does not fault.
            r = (long) MMAP.invokeExact(Libc.state(), 0L, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1L) throw Libc.error("mmap", Libc.errno());
        return r;
    }

    static void munmap(long address, long size) {
        try {
            int ignored = (int) MUNMAP.invokeExact(Libc.state(), address, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Removes the name; returns 0 or the errno. */
    static int unlink(String path) {
        try (Arena a = Arena.ofConfined()) {
            int r = (int) UNLINK.invokeExact(Libc.state(), a.allocateFrom(path));
            return r < 0 ? Libc.errno() : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(Libc.state(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
