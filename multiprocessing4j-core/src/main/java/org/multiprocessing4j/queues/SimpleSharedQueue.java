package org.multiprocessing4j.queues;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Objects;

import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.connection.Waitable;
import org.multiprocessing4j.internal.Identity;
import org.multiprocessing4j.internal.queues.Ring;

/**
 * A plain FIFO queue shared between processes — Python's {@code multiprocessing.SimpleQueue}: {@link #put},
 * {@link #get}, {@link #isEmpty}, {@link #close}.
 *
 * <p>Unlike {@link SharedQueue} there is no feeder and no bound: a put writes straight into the shared ring
 * ({@link SharedQueue#DEFAULT_RING_BYTES} by default) and waits while the ring has no room, as Python's
 * {@code SimpleQueue.put} waits on a full pipe. So nothing is ever buffered in the putting process, and nothing
 * needs flushing when it ends. Items larger than the ring stream through it. It is {@link Serializable}: pass it to
 * a child process and the child attaches to the same ring.
 *
 * <p><b>Failures, interruption, other processes:</b> as for {@link SharedQueue}: an item that cannot be encoded
 * fails its put with {@link IllegalArgumentException} and leaves the queue unchanged; blocking methods throw
 * {@link InterruptedException}; a process that dies holding the queue's lock does not block the others; after
 * {@link #close()} put and get throw {@link IllegalStateException}.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to a {@code put} happen-before actions after the
 * {@code get} that returns that item, in any process.
 *
 * @param <E> the type of elements
 */
public final class SimpleSharedQueue<E> implements Serializable, Waitable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Ring ring;
    private final transient Codec codec;
    private transient volatile boolean closed;

    /** A queue over a ring of {@link SharedQueue#DEFAULT_RING_BYTES}. */
    public SimpleSharedQueue() {
        this(SharedQueue.DEFAULT_RING_BYTES);
    }

    /**
     * A queue over a ring of {@code ringBytes} bytes (rounded up to a power of two, at least 4096).
     *
     * @param ringBytes the size of the shared ring in bytes, from 64 to 1 GiB
     * @throws IllegalArgumentException if {@code ringBytes} is less than 64 or more than 1 GiB
     */
    public SimpleSharedQueue(long ringBytes) {
        this(Ring.create(ringBytes, 0));
    }

    SimpleSharedQueue(Ring ring) {
        this.ring = ring;
        this.codec = Identity.codec();
    }

    /**
     * Puts an item, waiting while the ring is full — Python's {@code put}.
     *
     * @param item the item
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalArgumentException if the item cannot be encoded (the queue is unchanged)
     * @throws NullPointerException     for null
     * @throws IllegalStateException if this handle is closed
     */
    public void put(E item) throws InterruptedException {
        Objects.requireNonNull(item, "a shared queue does not accept null (use a sentinel object)");
        checkOpen();
        byte[] b;
        try {
            b = codec.encode(item);
        } catch (EncodingException x) {
            throw new IllegalArgumentException("cannot put " + item.getClass().getName() + " on a queue: "
                    + x.getMessage(), x);
        }
        ring.putRecorded(b, -1);
    }

    /**
     * Takes the oldest item, waiting as long as it takes — Python's {@code get}.
     *
     * @return the item
     * @throws InterruptedException if interrupted while waiting
     * @throws UncheckedIOException if the item cannot be decoded (it is consumed)
     * @throws IllegalStateException if this handle is closed
     */
    @SuppressWarnings("unchecked")
    public E get() throws InterruptedException {
        checkOpen();
        byte[] b = ring.takeRecorded(-1);
        try {
            return (E) codec.decode(b, 0, b.length);
        } catch (IOException x) {
            throw new UncheckedIOException("cannot decode an item taken from the queue (it is consumed)", x);
        }
    }

    /** {@return true when no item is in the queue} Approximate while others put and take. Python's {@code empty()}. */
    public boolean isEmpty() {
        return !ring.hasData();
    }

    /** This process will not use this handle any more; put and get then throw. Idempotent. */
    public void close() {
        closed = true;
    }

    /** {@return true once {@link #close()} was called on this handle} Other handles are not affected. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * True when an item is in the shared ring, so a take would not wait; what {@code Connections.wait} watches
     * (Python's {@code queue._reader}).
     */
    @Override
    public boolean isReady() {
        return ring.hasData();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("queue is closed");
    }

    @Override
    public String toString() {
        return "SimpleSharedQueue[" + ring.segment().name() + (closed ? ", closed]" : "]");
    }

    /**
     * Travels as a descriptor of its shared ring: the receiving process attaches to the same queue.
     *
     * @return the serialized form
     */
    @Serial
    private Object writeReplace() {
        return new SharedQueue.Ref('S', ring.segment().name());
    }

    /**
     * Refuses a stream that holds the object itself rather than its descriptor.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("SimpleSharedQueue travels as its descriptor");
    }
}
