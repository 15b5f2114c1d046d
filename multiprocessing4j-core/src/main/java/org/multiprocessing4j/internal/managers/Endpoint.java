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

    private final String address; // "unix:/path" or "tcp:host:port"
    private final byte[] authkey;
    private transient ThreadLocal<Connection> connections;

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

    private synchronized ThreadLocal<Connection> connections() {
        if (connections == null) connections = new ThreadLocal<>();
        return connections;
    }

    /**
     * Calls {@code method} on object {@code id} and returns the reply. {@link InterruptedException} if the thread
     * was interrupted while waiting (the connection is then dropped, which cancels the call on the server).
     */
    public Reply call(long id, String method, String[] paramTypes, Object[] args) throws InterruptedException {
        ThreadLocal<Connection> local = connections();
        Connection c = local.get();
        long seq = SEQ.incrementAndGet();
        try {
            if (c == null || c.isClosed()) {
                c = Client.connect(socketAddress(), authkey);
                local.set(c);
            }
            try {
                c.send(new Request(seq, id, method, paramTypes, args));
            } catch (EncodingException e) {
                throw new IllegalArgumentException("cannot send the arguments of " + method + " to the manager: "
                        + e.getMessage(), e);
            }
            while (true) {
                Reply r = (Reply) c.recv();
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

    private static void drop(ThreadLocal<Connection> local, Connection c) {
        if (c != null) c.close();
        local.remove();
    }

    /** Closes this thread's connection (the others close when their threads' connections are collected). */
    public void closeThisThread() {
        drop(connections(), connections().get());
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
