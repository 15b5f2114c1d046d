package org.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.multiprocessing4j.internal.unix.Libc;

/**
 * One mapping of a {@code /dev/shm} file. Created exclusively with mode 0600 or attached by name.
 *
 * <p>Two lifetimes: {@link #explicit} mappings stay until {@link #close()} (the public {@code SharedMemory});
 * {@link #managed} mappings are unmapped by the garbage collector once no view references them, and the creator's
 * name is unlinked then too (the synchronization primitives and Values, as in CPython, whose semaphores are unlinked
 * when the creating object is collected). Attached mappings stay valid after the name is unlinked.
 */
public final class Segment {
    /** Where POSIX shared memory lives on Linux. */
    public static final String DIR = "/dev/shm/";
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "mp4j-shm-cleaner");
        t.setDaemon(true);
        return t;
    });

    private static final ConcurrentHashMap<String, WeakReference<Segment>> MANAGED = new ConcurrentHashMap<>();

    private final String name;
    private final long size;
    private final MemorySegment memory;
    private final Arena arena; // null for managed mappings
    private final boolean tracked;
    /** This JVM's private state of objects in the mapping, by offset (see {@link #local}). */
    private final ConcurrentHashMap<Long, Object> local = new ConcurrentHashMap<>(4);

    private Segment(String name, long size, MemorySegment memory, Arena arena, boolean tracked) {
        this.name = name;
        this.size = size;
        this.memory = memory;
        this.arena = arena;
        this.tracked = tracked;
    }

    /** Creates a segment that stays mapped until {@link #close()}. {@code name} null picks a fresh one. */
    public static Segment explicit(String name, long size, boolean track) throws IOException {
        return create(name, size, track, Arena.ofShared());
    }

    /** Attaches to an existing segment until {@link #close()}. */
    public static Segment attachExplicit(String name) throws IOException {
        return attach(name, Arena.ofShared());
    }

    /** Creates a tracked segment unmapped and unlinked once unreachable. */
    public static Segment managed(long size) {
        try {
            Segment s = create(null, size, true, Arena.ofAuto());
            String path = DIR + s.name;
            String n = s.name;
            CLEANER.register(s, () -> {
                ShmNative.unlink(path);
                SegmentTracker.forget(n);
            });
            remember(s);
            return s;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create a shared memory segment of " + size + " bytes", e);
        }
    }

    /**
     * Attaches to a managed segment, unmapped once unreachable. Within one JVM every attachment to a name shares
     * one mapping (the names of managed segments are random and never reused), so a lock and its condition sent in
     * separate messages still use one mapping.
     */
    public static Segment attachManaged(String name) throws IOException {
        WeakReference<Segment> ref = MANAGED.get(name);
        Segment s = ref == null ? null : ref.get();
        if (s != null) return s;
        synchronized (MANAGED) {
            ref = MANAGED.get(name);
            s = ref == null ? null : ref.get();
            if (s == null) {
                s = attach(name, Arena.ofAuto());
                remember(s);
            }
            return s;
        }
    }

    private static void remember(Segment s) {
        String n = s.name;
        MANAGED.put(n, new WeakReference<>(s));
        CLEANER.register(s, () -> MANAGED.computeIfPresent(n, (k, v) -> v.get() == null ? null : v));
    }

    private static Segment create(String name, long size, boolean track, Arena arena) throws IOException {
        if (size <= 0) throw new IllegalArgumentException("size must be positive: " + size);
        if (name != null) checkName(name);
        SegmentTracker.sweepOnce();
        for (int attempt = 0; ; attempt++) {
            String n = name != null ? name : freshName();
            int fd;
            try {
                fd = ShmNative.open(DIR + n, true);
            } catch (FileAlreadyExistsException e) {
                if (name != null || attempt > 100) throw e;
                continue; // random name collided: pick another, as CPython does
            }
            try {
                // Registered first, so that being killed from here on cannot leak the file.
                if (track) SegmentTracker.register(n);
                ShmNative.ftruncate(fd, size);
                ShmNative.allocate(fd, size, n);
                long address = ShmNative.mmap(fd, size);
                return new Segment(n, size, map(address, size, arena), arena, track);
            } catch (IOException | RuntimeException e) {
                ShmNative.unlink(DIR + n);
                if (track) SegmentTracker.forget(n);
                throw e;
            } finally {
                ShmNative.close(fd);
            }
        }
    }

    private static Segment attach(String name, Arena arena) throws IOException {
        checkName(name);
        int fd = ShmNative.open(DIR + name, false);
        try {
            long size = ShmNative.size(fd);
            if (size == 0) throw new IOException("shared memory segment " + name + " is empty");
            long address = ShmNative.mmap(fd, size);
            return new Segment(name, size, map(address, size, arena), arena, false);
        } finally {
            ShmNative.close(fd);
        }
    }

    private static MemorySegment map(long address, long size, Arena arena) {
        return MemorySegment.ofAddress(address).reinterpret(size, arena, s -> ShmNative.munmap(address, size));
    }

    static String freshName() {
        return "mp4j-" + Pids.SELF + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.length() > 250 || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0
                || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid shared memory name: \"" + name
                    + "\" (1-250 characters, no '/' or NUL)");
        }
    }

    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    public MemorySegment memory() {
        return memory;
    }

    /** The mapping's address, for futex calls (which must not hold the arena's scope while they sleep). */
    public long address() {
        return memory.address();
    }

    /**
     * This JVM's private state for the object at {@code offset} (a lock's owning thread, say): one instance per
     * mapping and offset, so every view of the object in this JVM shares it (managed segments have one mapping per
     * name and JVM).
     */
    @SuppressWarnings("unchecked")
    public <T> T local(long offset, java.util.function.Supplier<T> make) {
        return (T) local.computeIfAbsent(offset, k -> make.get());
    }

    /** Unmaps an explicit mapping; idempotent. */
    public void close() {
        if (arena != null && arena.scope().isAlive()) {
            try {
                arena.close();
            } catch (IllegalStateException alreadyClosed) {
                // closed concurrently
            }
        }
    }

    public boolean isClosed() {
        return arena != null && !arena.scope().isAlive();
    }

    /** Removes the name (the memory lives on while mapped anywhere). */
    public void unlink() throws NoSuchFileException, IOException {
        int errno = ShmNative.unlink(DIR + name);
        if (tracked) SegmentTracker.forget(name);
        if (errno == Libc.ENOENT) throw new NoSuchFileException(DIR + name);
        if (errno != 0) throw Libc.error("unlink(" + DIR + name + ")", errno);
    }
}
