package org.multiprocessing4j.internal.connection;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.Identity;
import org.multiprocessing4j.internal.RuntimeDir;
import org.multiprocessing4j.internal.unix.Libc;
import org.multiprocessing4j.internal.unix.UnixServerSocket;
import org.multiprocessing4j.internal.unix.UnixSocket;

/**
 * Hands socket descriptors to other processes of the program, as Python's {@code resource_sharer}: sharing a
 * socket duplicates its descriptor under a one-time ticket; the receiving process connects to this process's
 * sharer socket, proves the authkey, names the ticket and receives the descriptor by {@code SCM_RIGHTS}.
 * An unclaimed duplicate lives until this process exits.
 */
public final class ResourceSharer {
    private static final Map<String, Integer> TICKETS = new ConcurrentHashMap<>();
    private static volatile UnixServerSocket server;

    private ResourceSharer() {}

    /** The serialized form of a shared connection end. */
    public record Handoff(String sharer, String ticket, boolean readable, boolean writable, int maxMessageSize)
            implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            try {
                UnixSocket s = claim(Path.of(sharer), ticket);
                Codec codec = Identity.codec();
                return new Connection(new UnixTransport(s), codec, maxMessageSize, readable, writable);
            } catch (IOException e) {
                InvalidObjectException ioe = new InvalidObjectException("cannot receive a connection from the process "
                        + "that sent it (" + e.getMessage() + "); it must still be alive");
                ioe.initCause(e);
                throw ioe;
            }
        }
    }

    /** Registers a duplicate of {@code socket}'s descriptor and returns what to send in its place. */
    public static Handoff share(UnixSocket socket, boolean readable, boolean writable, int maxMessageSize)
            throws ObjectStreamException {
        int fd;
        try {
            fd = socket.handle().acquire();
        } catch (IOException e) {
            throw new InvalidObjectException("cannot share a closed connection");
        }
        int dup;
        try {
            dup = Libc.dupCloexec(fd);
        } finally {
            socket.handle().release();
        }
        if (dup < 0) throw new InvalidObjectException("cannot duplicate a socket: " + Libc.strerror(Libc.errno()));
        String ticket = HexFormat.of().formatHex(randomBytes());
        TICKETS.put(ticket, dup);
        try {
            return new Handoff(ensureServer().toString(), ticket, readable, writable, maxMessageSize);
        } catch (IOException e) {
            TICKETS.remove(ticket);
            Libc.close(dup);
            InvalidObjectException ioe = new InvalidObjectException("cannot start the descriptor sharer: " + e.getMessage());
            ioe.initCause(e);
            throw ioe;
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static synchronized Path ensureServer() throws IOException {
        if (server == null) {
            UnixServerSocket s = UnixServerSocket.bind(RuntimeDir.get().resolve("share.sock"), 64);
            Thread t = Thread.ofPlatform().daemon().name("mp4j-resource-sharer").unstarted(() -> serve(s));
            t.start();
            server = s;
        }
        return server.path();
    }

    private static void serve(UnixServerSocket s) {
        while (!s.handle().isClosed()) {
            UnixSocket peer;
            try {
                peer = s.accept(-1);
            } catch (IOException e) {
                return;
            }
            Thread.ofPlatform().daemon().name("mp4j-resource-sharer-conn").start(() -> handOver(peer));
        }
    }

    private static void handOver(UnixSocket peer) {
        Connection c = new Connection(new UnixTransport(peer), Codec.defaultCodec(), 1024, true, true);
        try {
            Handshake.server(c, Identity.authkey());
            String ticket = new String(c.recvBytes(64), java.nio.charset.StandardCharsets.US_ASCII);
            Integer fd = TICKETS.remove(ticket);
            // The answer is the descriptor message itself (its data byte says whether one is attached): a framed
            // status before it could be read together with the descriptor's byte, which would drop the descriptor.
            if (fd == null) {
                peer.sendFd(-1);
                return;
            }
            try {
                peer.sendFd(fd);
            } finally {
                Libc.close(fd); // ours is a duplicate: the claimer has its own now, or nobody will
            }
        } catch (IOException ignored) {
            // the claimer learns from the closed connection
        } finally {
            c.close();
        }
    }

    /** Connects to another process's sharer and receives the descriptor behind {@code ticket}. */
    static UnixSocket claim(Path sharer, String ticket) throws IOException {
        UnixSocket s = UnixSocket.connect(sharer);
        Connection c = new Connection(new UnixTransport(s), Codec.defaultCodec(), 1024, true, true);
        try {
            Handshake.client(c, Identity.authkey());
            c.sendBytes(ticket.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (c.hasBuffered()) throw new IOException("protocol error: data before the descriptor");
            int fd = s.receiveFd(30_000_000_000L);
            if (fd < 0) {
                throw new IOException("the connection was already received by another process (each end can be "
                        + "received once)");
            }
            return new UnixSocket(fd);
        } finally {
            c.close();
        }
    }
}
