package org.multiprocessing4j.shm;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

import org.multiprocessing4j.internal.shm.Segment;

/**
 * A named block of memory shared between processes — Python's {@code multiprocessing.shared_memory.SharedMemory}.
 *
 * <p>Backed by a file in {@code /dev/shm} (mode 0600) mapped read-write with {@code MAP_SHARED}; {@link #segment()}
 * is the {@link MemorySegment} view. {@link #create(long)} picks a fresh name ({@code mp4j-<pid>-<random>});
 * {@link #attach(String)} maps an existing one by name. Passing a {@code SharedMemory} to a child process (it is
 * {@link Serializable}) attaches the child to the same memory by name.
 *
 * <p><b>Lifetime.</b> {@link #close()} unmaps this process's view (the segment then throws
 * {@link IllegalStateException} on access); {@link #unlink()} removes the name, and the memory is freed once every
 * process has closed it. A view is never unmapped behind your back: an attachment not closed stays mapped until the
 * JVM exits. A <em>tracked</em> segment (the default for the creator) is unlinked when its creating JVM exits
 * without unlinking it, and, if that JVM is killed, by the next JVM of this library that starts a context, a pool or
 * a segment. Create with {@code track = false} (Python 3.13's {@code track=False}) to manage the name yourself.
 *
 * <p><b>Concurrency.</b> Plain memory: use the segment's var handles (atomic access modes) or a lock from
 * {@code org.multiprocessing4j.sync} to coordinate. <b>Memory consistency effects:</b> none of its own; the locks,
 * semaphores and events of {@code org.multiprocessing4j.sync} order accesses to it across processes.
 */
public final class SharedMemory implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Segment segment;

    private SharedMemory(Segment segment) {
        this.segment = segment;
    }

    /**
     * Creates a tracked segment of {@code size} bytes with a fresh name; its contents start zeroed.
     *
     * @param size the size in bytes
     * @return the segment, mapped
     * @throws IllegalArgumentException if {@code size} is not positive
     * @throws IOException if the operating system refuses (e.g. {@code /dev/shm} is full or missing)
     */
    public static SharedMemory create(long size) throws IOException {
        return create(null, size, true);
    }

    /**
     * Creates a tracked segment named {@code name}; its contents start zeroed.
     *
     * @param name the name, a valid file name
     * @param size the size in bytes
     * @return the segment, mapped
     * @throws IllegalArgumentException if {@code size} is not positive or the name is invalid
     * @throws FileAlreadyExistsException if the name is taken
     * @throws IOException if the operating system refuses
     */
    public static SharedMemory create(String name, long size) throws IOException {
        return create(name, size, true);
    }

    /**
     * Creates a segment; its contents start zeroed.
     *
     * @param name the name, or null for a fresh one
     * @param size the size in bytes
     * @param track false to keep the segment after this JVM exits or dies (you then {@link #unlink()} it)
     * @return the segment, mapped
     * @throws IllegalArgumentException   if {@code size} is not positive or the name is invalid
     * @throws FileAlreadyExistsException if the name is taken
     * @throws IOException                if the operating system refuses
     */
    public static SharedMemory create(String name, long size, boolean track) throws IOException {
        return new SharedMemory(Segment.explicit(name, size, track));
    }

    /**
     * Maps the existing segment {@code name}, untracked: this process never unlinks it on its own.
     *
     * @param name the segment's name
     * @return the segment, mapped; its size is the segment's
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchFileException if there is none
     * @throws IOException if it cannot be mapped (e.g. it is empty)
     */
    public static SharedMemory attach(String name) throws IOException {
        return new SharedMemory(Segment.attachExplicit(name));
    }

    /** {@return the name, which other processes pass to {@link #attach(String)}} */
    public String name() {
        return segment.name();
    }

    /** {@return the size in bytes} */
    public long size() {
        return segment.size();
    }

    /** {@return the memory, valid until {@link #close()} and usable from any thread} */
    public MemorySegment segment() {
        return segment.memory();
    }

    /** Unmaps this view; idempotent. The name stays until {@link #unlink()}. */
    @Override
    public void close() {
        segment.close();
    }

    /** {@return true once {@link #close()} has been called} */
    public boolean isClosed() {
        return segment.isClosed();
    }

    /**
     * Removes the name; processes that have it mapped keep their view. Call once, from one process.
     *
     * @throws NoSuchFileException if the name is already gone
     * @throws IOException if the operating system refuses
     */
    public void unlink() throws IOException {
        segment.unlink();
    }

    @Override
    public String toString() {
        return "SharedMemory[name=" + name() + ", size=" + size() + (isClosed() ? ", closed]" : "]");
    }

    /**
     * Travels as its name: the receiving process {@linkplain #attach(String) attaches} to the segment.
     *
     * @return the serialized form
     */
    @Serial
    private Object writeReplace() {
        return new Ref(name());
    }

    /**
     * Refuses a stream that holds the object itself rather than its name.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("SharedMemory travels as its name");
    }

    private record Ref(String name) implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            try {
                return SharedMemory.attach(name);
            } catch (IOException e) {
                InvalidObjectException ioe = new InvalidObjectException("cannot attach shared memory " + name + ": " + e);
                ioe.initCause(e);
                throw ioe;
            }
        }
    }
}
