package org.multiprocessing4j.internal.managers;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.multiprocessing4j.codec.DecodingException;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.managers.ManagerException;

/**
 * Where a manager listens and the key to it; the client side of the protocol. Each thread talks to a manager over
 * its own connection (made on first use), so that the server runs that thread's calls on one server thread: lock
 * ownership follows the calling thread, as with Python's per-thread manager connections.
 */
public final class Endpoint implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final AtomicLong SEQ = new AtomicLong();
    private static final ThreadLocal<Boolean> UNINTERRUPTIBLE = ThreadLocal.withInitial(() -> false);
    private static final ThreadLocal<Boolean> INTERRUPTED_MEANWHILE = ThreadLocal.withInitial(() -> false);

    private final String address; // "unix:/path" or "tcp:host:port"
    private final byte[] authkey;
    /** Each thread's connection; entries of ended threads are closed whenever a new connection is made. */
    private transient Map<Thread, Connection> connections;

    public Endpoint(SocketAddress address, byte[] authkey) {
        this.address = describe(address);
        this.authkey = authkey.clone();
    }

    private static String describe(SocketAddress a) {
        if (a instanceof UnixDomainSocketAddress u) return "unix:" + u.getPath();
        InetSocketAddress i = (InetSocketAddress) a;
        return "tcp:" + i.getHostString() + ":" + i.getPort();
    }

    public SocketAddress socketAddress() {
        if (address.startsWith("unix:")) return UnixDomainSocketAddress.of(Path.of(address.substring(5)));
        String hp = address.substring(4);
        int colon = hp.lastIndexOf(':');
        return new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
    }

    public String address() {
        return address;
    }

    public byte[] authkey() {
        return authkey.clone();
    }

    private synchronized Map<Thread, Connection> connections() {
        if (connections == null) connections = new ConcurrentHashMap<>();
        return connections;
    }

    private Connection open(Map<Thread, Connection> all) throws IOException {
        all.entrySet().removeIf(e -> {
            if (e.getKey().isAlive()) return false;
            e.getValue().close();
            return true;
        });
        Connection c = Client.connect(socketAddress(), authkey);
        all.put(Thread.currentThread(), c);
        return c;
    }

    /**
     * Calls {@code method} on object {@code id} and returns the reply. When {@code interruptible}, an interrupt
     * before or during the wait throws {@link InterruptedException} (the connection is then dropped, which cancels
     * the call on the server); otherwise the call waits for its answer and the interrupt status is kept for later.
     */
    public Reply call(long id, String method, String[] paramTypes, Object[] args, boolean interruptible)
            throws InterruptedException {
        if (interruptible) {
            if (Thread.interrupted()) throw new InterruptedException();
            return call(id, method, paramTypes, args);
        }
        boolean interrupted = Thread.interrupted();
        UNINTERRUPTIBLE.set(true);
        INTERRUPTED_MEANWHILE.set(false);
        try {
            return call(id, method, paramTypes, args);
        } finally {
            UNINTERRUPTIBLE.set(false);
            if (interrupted || INTERRUPTED_MEANWHILE.get()) Thread.currentThread().interrupt();
        }
    }

    private Reply call(long id, String method, String[] paramTypes, Object[] args) throws InterruptedException {
        Map<Thread, Connection> local = connections();
        Connection c = local.get(Thread.currentThread());
        long seq = SEQ.incrementAndGet();
        try {
            if (c == null || c.isClosed()) c = open(local);
            try {
                c.send(new Request(seq, id, method, paramTypes, args));
            } catch (EncodingException e) {
                throw new IllegalArgumentException("cannot send the arguments of " + method + " to the manager: "
                        + e.getMessage(), e);
            }
            while (true) {
                Reply r;
                try {
                    r = (Reply) c.recv();
                } catch (InterruptedIOException e) {
                    if (!UNINTERRUPTIBLE.get()) return cancel(local, c, seq);
                    Thread.interrupted(); // nothing was consumed: keep waiting, and report it when done
                    INTERRUPTED_MEANWHILE.set(true);
                    continue;
                } catch (DecodingException e) {
                    // one whole frame was consumed: the connection is still in step
                    throw new ManagerException("the manager's answer to " + method + " cannot be decoded here: "
                            + e.getMessage(), e);
                }
                if (r.seq() == seq || r.seq() == -1) return r;
            }
        } catch (InterruptedIOException e) {
            drop(local, c);
            throw new InterruptedException("interrupted while waiting for the manager at " + address);
        } catch (IOException e) {
            drop(local, c);
            throw new ManagerException("the manager at " + address + " cannot be reached (it may have shut down or "
                    + "died): " + e, e);
        }
    }

    /** How long an interrupted call waits for the manager to confirm that it cancelled the call. */
    private static final long CANCEL_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    /**
     * The calling thread was interrupted while call {@code seq} ran in the manager. Dropping the connection alone
     * would cancel it only once the manager noticed, and a {@code take()} could meanwhile take an item given by this
     * process's next call, for no one. So the manager is told to cancel, and its answer awaited (bounded): a call
     * it interrupted throws InterruptedException here; one that ended first returns its result, with the interrupt
     * status set; no answer in time drops the connection as before.
     */
    private Reply cancel(Map<Thread, Connection> local, Connection c, long seq) throws InterruptedException {
        Thread.interrupted(); // reported below, one way or the other
        try {
            c.send(new Request(seq, Request.CANCEL, "cancel", new String[0], null));
            long deadline = System.nanoTime() + CANCEL_WAIT_NANOS;
            long left;
            while ((left = deadline - System.nanoTime()) > 0 && c.poll(java.time.Duration.ofNanos(left))) {
                Reply r = (Reply) c.recv();
                if (r.seq() != seq && r.seq() != -1) continue;
                if (!r.ok() && r.value() instanceof InterruptedException) {
                    throw new InterruptedException("interrupted while waiting for the manager at " + address);
                }
                Thread.currentThread().interrupt(); // the call ended before the cancel: its result stands
                return r;
            }
        } catch (IOException e) {
            // the connection failed: dropped below
        }
        drop(local, c);
        throw new InterruptedException("interrupted while waiting for the manager at " + address);
    }

    private static void drop(Map<Thread, Connection> local, Connection c) {
        if (c != null) c.close();
        local.remove(Thread.currentThread());
    }

    /** Closes every connection of this process to the manager (threads that call again reconnect). */
    public void closeAll() {
        Map<Thread, Connection> all = connections();
        all.values().forEach(Connection::close);
        all.clear();
    }

    private static final Map<String, Endpoint> CANONICAL = new ConcurrentHashMap<>();

    /** One endpoint object per address and key in a process, so every proxy shares the threads' connections. */
    @Serial
    private Object readResolve() {
        return CANONICAL.computeIfAbsent(address + "#" + Arrays.hashCode(authkey), k -> this);
    }

    public static Endpoint canonical(Endpoint e) {
        return CANONICAL.computeIfAbsent(e.address + "#" + Arrays.hashCode(e.authkey), k -> e);
    }
}
