package org.multiprocessing4j.queues;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.connection.Waitable;
import org.multiprocessing4j.internal.Identity;
import org.multiprocessing4j.internal.queues.Feeder;
import org.multiprocessing4j.internal.queues.Ring;
import org.multiprocessing4j.internal.shm.Segment;

/**
 * A FIFO queue shared by every process it is passed to — Python's {@code multiprocessing.Queue}.
 *
 * <p>Items are encoded with the process's {@link Codec} into a byte ring in shared memory; any thread of any process
 * holding the queue (it is {@link Serializable}: pass it to a {@code JvmProcess} and the child attaches to the same
 * ring) can put and take. Items come out in the order they entered the ring, across producers too (each item enters
 * at one instant), and each process's items keep the order in which it put them; an item that waits in a process's
 * backlog (see Capacity) enters when the backlog reaches the ring. Null elements are not allowed, as in every {@link BlockingQueue}: use a sentinel object instead
 * of Python's {@code None}.
 *
 * <p><b>Python names.</b> {@code put(x)} = {@link #put}; {@code put_nowait} = {@link #offer(Object)};
 * {@code put(x, timeout=t)} = {@link #offer(Object, long, TimeUnit)}; {@code get()} = {@link #take()};
 * {@code get_nowait} = {@link #poll()} (null instead of {@code Empty}); {@code get(timeout=t)} =
 * {@link #poll(long, TimeUnit)}; {@code qsize} = {@link #size()}; {@code empty}/{@code full} = {@link #isEmpty()} /
 * {@link #isFull()}; {@code close}, {@code join_thread}, {@code cancel_join_thread} = {@link #close()},
 * {@link #joinThread}, {@link #cancelJoinThread()}.
 *
 * <p><b>Capacity.</b> An unbounded queue ({@code maxsize <= 0}, the default) never blocks a put: when the ring is
 * full, this process keeps the item in a local backlog that a feeder thread moves into the ring in order (Python's
 * feeder thread, used only then).
 *
 * <p><b>Batching.</b> On an unbounded queue, a put to consumers that keep up is in the ring when it returns. While
 * the consumers lag behind this process's puts (they had at least two items to go per item that waits), puts
 * gather in a local batch of at most 256 items, which enters the ring in one step: when it fills, when the lag is
 * gone, or at the latest about 100 µs after its first item ({@code -Dmultiprocessing4j.queueLingerMicros}; a daemon
 * thread moves a batch left behind). So a fast
 * producer pays the ring's atomic instructions once per batch, and an item waits only while the consumers have
 * older items to take. {@link #size()} and {@link #isEmpty()} count batched items; {@link #joinThread} and the
 * process's exit flush them. A bounded queue holds at most {@code maxsize} items, and a put waits (or
 * {@code offer} fails) while it is full; it is also bounded by its ring's bytes, so a put of large items can wait
 * before {@code maxsize} items are in. Items larger than the ring still pass: they stream through it in pieces. On a
 * bounded queue such an item is refused by {@link #offer(Object)} (it cannot enter without waiting), and a timed
 * offer that has started to stream it finishes however long the consumers take.
 *
 * <p><b>Failures.</b> An item that cannot be encoded makes that put throw {@link IllegalArgumentException} (cause:
 * {@link EncodingException}) and leaves the queue unchanged. An item that cannot be decoded is consumed and the
 * take throws {@link UncheckedIOException}. After {@link #close()} every put and take of this handle throws
 * {@link IllegalStateException}.
 *
 * <p><b>Timeouts, interruption and other processes.</b> Timed methods wait at most the given time; blocking
 * methods throw {@link InterruptedException}, noticed within 50 ms. A process that dies holding the queue's lock
 * does not block the others: its lock is taken over. Items put by a process that then ends normally are not lost:
 * items in the ring stay there, and the backlog is flushed when the process ends (unless
 * {@link #cancelJoinThread()}). A process killed with items still in its backlog loses those, as in Python.
 *
 * <p><b>Lifetime.</b> The shared memory's name goes away when the creating process's queue is garbage-collected or
 * that process begins to exit; processes already attached keep using it. Keep the creator alive until its children
 * have started using the queue, as in Python.
 *
 * <p><b>Not supported</b> (a shared queue has no stable contents to walk): {@link #iterator()},
 * {@link #remove(Object)}, {@link #contains(Object)} and the other bulk views throw
 * {@link UnsupportedOperationException}. {@link #peek()} works for items that fit in the ring.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to placing an object into the queue
 * happen-before actions subsequent to the access or removal of that element from the queue in another thread, in
 * any process.
 *
 * @param <E> the type of elements
 */
public class SharedQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, Serializable, Waitable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The default ring size in bytes: 1 MiB (tmpfs pages are allocated as the ring first passes over them). */
    public static final long DEFAULT_RING_BYTES = 1 << 20;

    final transient Ring ring;
    private final transient Codec codec;
    private final transient Feeder feeder; // null when bounded
    private transient volatile boolean closed;

    /** An unbounded queue. */
    public SharedQueue() {
        this(0);
    }

    /**
     * A queue of at most {@code maxsize} items over a ring of {@link #DEFAULT_RING_BYTES}.
     *
     * @param maxsize the bound; zero or negative for an unbounded queue
     */
    public SharedQueue(int maxsize) {
        this(maxsize, DEFAULT_RING_BYTES);
    }

    /**
     * A queue of at most {@code maxsize} items ({@code <= 0}: unbounded) over a ring of {@code ringBytes} bytes
     * (rounded up to a power of two, at least 4096).
     *
     * @param maxsize the bound; zero or negative for an unbounded queue
     * @param ringBytes the size of the shared ring in bytes, from 64 to 1 GiB
     * @throws IllegalArgumentException if {@code ringBytes} is less than 64 or more than 1 GiB
     */
    public SharedQueue(int maxsize, long ringBytes) {
        this(Ring.create(ringBytes, maxsize));
    }

    SharedQueue(Ring ring) {
        this.ring = ring;
        this.codec = Identity.codec();
        this.feeder = ring.maxsize() == Integer.MAX_VALUE ? new Feeder(ring) : null;
    }

    // ---------------------------------------------------------------- put

    @Override
    public void put(E e) throws InterruptedException {
        byte[] b = encode(e);
        if (feeder != null) {
            enqueued();
            feeder.put(b);
            return;
        }
        enqueued();
        boolean ok = false;
        try {
            ok = ring.putRecorded(b, -1) == Ring.OK;
        } finally {
            if (!ok) unqueued();
        }
    }

    @Override
    public boolean offer(E e) {
        try {
            return offer(e, 0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        byte[] b = encode(e);
        if (feeder != null) {
            enqueued();
            feeder.put(b);
            return true;
        }
        enqueued();
        boolean ok = false;
        long nanos = Math.max(0, unit.toNanos(timeout));
        try {
            ok = ring.putRecorded(b, nanos) == Ring.OK;
            return ok;
        } finally {
            if (!ok) unqueued();
        }
    }

    /**
     * {@link #offer(Object, long, TimeUnit)} with a {@link Duration} — Python's {@code put(x, timeout=t)}.
     *
     * @param e the item
     * @param timeout how long to wait for room in a bounded queue; zero or negative does not wait
     * @return true if the item was put, false if there was no room in time (an unbounded queue always has room)
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code e} is null
     * @throws IllegalArgumentException if {@code e} cannot be encoded (the queue is unchanged)
     * @throws IllegalStateException if this handle is closed
     */
    public boolean offer(E e, Duration timeout) throws InterruptedException {
        return offer(e, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Hook for the joinable queue: an item is about to enter. */
    void enqueued() {
    }

    /** Hook for the joinable queue: the item announced by {@link #enqueued()} did not enter. */
    void unqueued() {
    }

    private byte[] encode(E e) {
        Objects.requireNonNull(e, "a shared queue does not accept null (use a sentinel object)");
        checkOpen();
        try {
            return codec.encode(e);
        } catch (EncodingException x) {
            throw new IllegalArgumentException("cannot put " + e.getClass().getName() + " on a queue: "
                    + x.getMessage(), x);
        }
    }

    // ---------------------------------------------------------------- take

    @Override
    public E take() throws InterruptedException {
        checkOpen();
        return decode(ring.takeRecorded(-1));
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        checkOpen();
        long nanos = Math.max(0, unit.toNanos(timeout));
        return decode(ring.takeRecorded(nanos));
    }

    /**
     * {@link #poll(long, TimeUnit)} with a {@link Duration} — Python's {@code get(timeout=t)}.
     *
     * @param timeout how long to wait for an item; zero or negative does not wait
     * @return the oldest item, or null if none came in time
     * @throws InterruptedException if interrupted while waiting
     * @throws UncheckedIOException if the item cannot be decoded (it is consumed)
     * @throws IllegalStateException if this handle is closed
     */
    public E poll(Duration timeout) throws InterruptedException {
        return poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public E poll() {
        try {
            return poll(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public E peek() {
        checkOpen();
        try {
            return decode(ring.peek());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private E decode(byte[] b) {
        if (b == null) return null;
        try {
            return (E) codec.decode(b, 0, b.length);
        } catch (IOException x) {
            throw new UncheckedIOException("cannot decode an item taken from the queue (it is consumed)", x);
        }
    }

    // ---------------------------------------------------------------- size

    /**
     * Python's {@code qsize()}: items in the queue, plus this process's backlog not yet in the ring. Approximate
     * while other processes put and take.
     */
    @Override
    public int size() {
        return ring.size() + (feeder == null ? 0 : feeder.pending());
    }

    /** Python's {@code empty()}: true when no item is in the queue or this process's backlog (approximate). */
    @Override
    public boolean isEmpty() {
        return !ring.hasData() && (feeder == null || feeder.pending() == 0);
    }

    /**
     * Python's {@code full()}: whether a bounded queue holds {@code maxsize} items (approximate while other
     * processes put and take).
     *
     * @return true if the queue is bounded and full; always false for an unbounded queue
     */
    public boolean isFull() {
        return ring.maxsize() != Integer.MAX_VALUE && ring.size() >= ring.maxsize();
    }

    /** {@return the bound given at creation, or 0 for an unbounded queue} */
    public int maxsize() {
        return ring.maxsize() == Integer.MAX_VALUE ? 0 : ring.maxsize();
    }

    @Override
    public int remainingCapacity() {
        return ring.maxsize() == Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(0, ring.maxsize() - ring.size());
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        Objects.requireNonNull(c);
        if (c == this) throw new IllegalArgumentException("cannot drain a queue into itself");
        int n = 0;
        E e;
        while (n < maxElements && (e = poll()) != null) {
            c.add(e);
            n++;
        }
        return n;
    }

    /** Unsupported: a queue shared between processes has no stable contents to iterate. */
    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("a shared queue cannot be iterated; take items instead");
    }

    // ---------------------------------------------------------------- lifetime

    /**
     * Python's {@code close()}: this process will neither put nor take through this handle any more. Items already
     * put are still delivered (the backlog is flushed at exit). Idempotent; other processes are not affected.
     */
    public void close() {
        closed = true;
    }

    /** {@return true once {@link #close()} was called on this handle} Other handles are not affected. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Python's {@code join_thread()}: after {@link #close()}, waits until this process's backlog is in the ring.
     * Returns at once for a bounded queue (it has no backlog) or after {@link #cancelJoinThread()}.
     *
     * @param timeout how long to wait; zero does not wait, negative waits as long as it takes
     * @return true if the backlog is in the ring, false if the timeout passed first
     * @throws IllegalStateException if the queue is not closed
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean joinThread(Duration timeout) throws InterruptedException {
        if (!closed) throw new IllegalStateException("joinThread() needs a closed queue (call close() first)");
        return feeder == null || feeder.flush(timeout.toNanos());
    }

    /** Python's {@code cancel_join_thread()}: do not wait at exit for this process's backlog (it is then lost). */
    public void cancelJoinThread() {
        if (feeder != null) feeder.cancelJoin();
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
        return getClass().getSimpleName() + "[" + ring.segment().name() + ", size=" + size()
                + (maxsize() > 0 ? ", maxsize=" + maxsize() : "") + (closed ? ", closed]" : "]");
    }

    // ---------------------------------------------------------------- travel

    /** 'Q' for a queue, 'J' for a joinable queue. */
    char kind() {
        return 'Q';
    }

    /**
     * Travels as a descriptor of its shared ring: the receiving process attaches to the same queue.
     *
     * @return the serialized form
     */
    @Serial
    final Object writeReplace() {
        return new Ref(kind(), ring.segment().name());
    }

    /**
     * Refuses a stream that holds the object itself rather than its descriptor.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("SharedQueue travels as its descriptor");
    }

    record Ref(char kind, String segment) implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            Ring r;
            try {
                r = Ring.attach(Segment.attachManaged(segment));
            } catch (IOException | RuntimeException e) {
                InvalidObjectException ioe = new InvalidObjectException("cannot attach queue to shared memory "
                        + segment + " (its creating process may have discarded it or exited): " + e.getMessage());
                ioe.initCause(e);
                throw ioe;
            }
            return switch (kind) {
                case 'J' -> new JoinableSharedQueue<>(r);
                case 'S' -> new SimpleSharedQueue<>(r);
                default -> new SharedQueue<>(r);
            };
        }
    }
}
