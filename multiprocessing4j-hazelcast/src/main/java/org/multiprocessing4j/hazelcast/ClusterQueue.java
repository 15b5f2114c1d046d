package org.multiprocessing4j.hazelcast;

import com.hazelcast.collection.IQueue;
import com.hazelcast.config.QueueConfig;
import java.io.UncheckedIOException;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.codec.DecodingException;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.hazelcast.internal.ClusterClient;
import org.multiprocessing4j.hazelcast.internal.HzConfigs;
import org.multiprocessing4j.hazelcast.internal.Secrets;

/**
 * A cluster-wide FIFO queue: a {@link BlockingQueue} over a Hazelcast {@code IQueue}, for producers and consumers
 * on any client of the cluster (Python's {@code multiprocessing.Queue}, across machines).
 *
 * <p><b>Guarantees.</b> Elements come out in the order they went in (one queue lives in one partition). An
 * element is stored on its partition's owner and, before {@code put}/{@code offer} return, on one backup member:
 * it survives the crash of one member once the cluster is safe (every partition has its backup: shortly after
 * members join or leave, Hazelcast migrates partitions, and a crash during a migration can lose what it moves). It is delivered to exactly one consumer; a consumer that crashes after
 * taking it loses it (there is no acknowledgement — as with Python's queues and a killed process). During a
 * network partition each side may go on alone and the sides' contents are merged when it heals: no ordering or
 * exactly-once guarantee across a split. Elements are encoded with the cluster context's codec.
 *
 * <p><b>Authentication.</b> Every element carries an HMAC-SHA256 under a key derived from the cluster secret and
 * bound to the queue's name. An element without a valid MAC (written by someone who reached Hazelcast without the
 * secret) is refused <em>before it is decoded</em>: consumers skip it, and {@link #rejected()} counts it. Elements
 * are not encrypted, and a copy of a genuine element can be replayed by whoever can reach Hazelcast's port.
 *
 * <p><b>Failures.</b> An element that cannot be encoded is not sent ({@link IllegalArgumentException}); one that
 * cannot be decoded here (a class missing on this client) has been taken and is reported as
 * {@link UncheckedIOException} with the {@link DecodingException}. Blocking methods throw
 * {@link InterruptedException} when interrupted; Hazelcast's exceptions (the cluster unreachable beyond the client's
 * timeouts) are unchecked.
 *
 * <p>Memory consistency effects: actions in a thread prior to placing an object into the queue happen-before actions
 * subsequent to the removal of that object from the queue, in whichever process removes it.
 *
 * @param <E> the element type
 */
public final class ClusterQueue<E> extends AbstractQueue<E> implements BlockingQueue<E> {
    private final String name;
    private final Secrets.QueueMac mac;
    private final String key;
    private final IQueue<byte[]> queue;
    private final Codec codec;
    private final AtomicLong rejected = new AtomicLong();

    ClusterQueue(ClusterClient client, String name, int capacity, Codec codec) {
        this.name = Objects.requireNonNull(name, "name");
        this.mac = client.queueMac(name);
        this.key = HzConfigs.QUEUE_PREFIX + name;
        this.codec = codec;
        if (capacity > 0) {
            try {
                client.hz.getConfig().addQueueConfig(new QueueConfig(key).setMaxSize(capacity).setBackupCount(1));
            } catch (RuntimeException e) {
                throw new IllegalStateException("cluster queue '" + name + "' exists with another configuration: " + e.getMessage(), e);
            }
        }
        this.queue = client.hz.getQueue(key);
    }

    /** {@return the queue's name} */
    public String name() {
        return name;
    }

    /** {@return how many elements this object refused because their MAC was wrong (they were dropped)} */
    public long rejected() {
        return rejected.get();
    }

    private byte[] seal(E e) {
        Objects.requireNonNull(e, "a queue does not hold null");
        try {
            return mac.seal(codec.encode(e));
        } catch (EncodingException x) {
            throw new IllegalArgumentException("cannot put into cluster queue '" + name + "': " + x.getMessage(), x);
        }
    }

    /** The element, or null if refused (counted). */
    private E open(byte[] sealed) {
        if (mac.authentic(sealed)) return decode(sealed);
        refused();
        return null;
    }

    /** Counts and reports an element refused for its MAC. */
    private void refused() {
        long n = rejected.incrementAndGet();
        System.getLogger(ClusterQueue.class.getName()).log(System.Logger.Level.WARNING,
                "cluster queue '" + name + "': refused an element without a valid MAC (" + n + " so far): not written "
                        + "by a holder of the cluster secret");
    }

    /** Decodes an element whose MAC has been checked. */
    @SuppressWarnings("unchecked")
    private E decode(byte[] sealed) {
        try {
            return (E) codec.decode(sealed, Secrets.QueueMac.LENGTH, sealed.length - Secrets.QueueMac.LENGTH);
        } catch (DecodingException x) {
            throw new UncheckedIOException("cannot decode an element taken from cluster queue '" + name + "'", x);
        }
    }

    @Override
    public boolean offer(E e) {
        return queue.offer(seal(e));
    }

    @Override
    public void put(E e) throws InterruptedException {
        queue.put(seal(e));
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        return queue.offer(seal(e), timeout, unit);
    }

    @Override
    public E poll() {
        while (true) {
            byte[] b = queue.poll();
            if (b == null) return null;
            E v = open(b);
            if (v != null) return v;
        }
    }

    @Override
    public E take() throws InterruptedException {
        while (true) {
            E v = open(queue.take());
            if (v != null) return v;
        }
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            byte[] b = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (b == null) return null;
            E v = open(b);
            if (v != null) return v;
        }
    }

    @Override
    public E peek() {
        while (true) {
            byte[] b = queue.peek();
            if (b == null) return null;
            if (mac.authentic(b)) return decode(b);
            if (queue.remove(b)) refused(); // the forged element goes, counted and reported
        }
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        Objects.requireNonNull(c);
        if (c == this) throw new IllegalArgumentException("cannot drain a queue into itself");
        List<byte[]> raw = new ArrayList<>();
        queue.drainTo(raw, maxElements);
        int n = 0;
        for (byte[] b : raw) {
            E v = open(b);
            if (v != null) {
                c.add(v);
                n++;
            }
        }
        return n;
    }

    /** A snapshot of the elements (authentic ones, decoded); its {@code remove()} removes that element from the queue. */
    @Override
    public Iterator<E> iterator() {
        List<byte[]> raw = new ArrayList<>();
        for (byte[] b : queue) if (mac.authentic(b)) raw.add(b);
        Iterator<byte[]> it = raw.iterator();
        return new Iterator<>() {
            private byte[] last;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public E next() {
                last = it.next();
                return decode(last); // checked in the snapshot
            }

            @Override
            public void remove() {
                if (last == null) throw new IllegalStateException();
                queue.remove(last);
                last = null;
            }
        };
    }

    @Override
    public void clear() {
        queue.clear();
    }

    /** Removes the queue and its elements from the cluster. */
    public void destroy() {
        queue.destroy();
    }

    @Override
    public String toString() {
        return "ClusterQueue[" + name + "]";
    }
}
