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
 *
 * <p>The same socket also takes connections that children open back to this process ({@link #expect}): the
 * child's socket itself becomes the channel, so the child needs no descriptor passing — and no FFM set-up, which
 * costs a fresh JVM tens of milliseconds: pool workers start this way.
 */
public final class ResourceSharer {
    private static final Map<String, Integer> TICKETS = new ConcurrentHashMap<>();
    private static final Map<String, DeferredTransport> EXPECTED = new ConcurrentHashMap<>();
    /** The first letter of a ticket says what it is for: the two kinds are answered differently. */
    private static final String DESCRIPTOR = "d", INVITATION = "i";
    private static final byte ARRIVED = 1, REFUSED = 0;

    /** A connection a child will open back to this process: this process's end, and what to send the child. */
    public record Expected(Connection local, ConnectBack remote) {}

    /**
     * The child's side of an {@link Expected} connection, sent to it as an argument: {@link #open()} connects with
     * the JDK's own Unix-domain channel and proves the authkey; the connection is then the channel.
     */
    public static final class ConnectBack implements Serializable { // a class, not a record: cheaper to decode cold
        @Serial
        private static final long serialVersionUID = 1L;
        private final String sharer;
        private final String ticket;
        private final int maxMessageSize;

        ConnectBack(String sharer, String ticket, int maxMessageSize) {
            this.sharer = sharer;
            this.ticket = ticket;
            this.maxMessageSize = maxMessageSize;
        }

        public Connection open() throws IOException {
            java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
            Connection c;
            try {
                ch.connect(java.net.UnixDomainSocketAddress.of(sharer));
                c = ConnectionFactory.open(new ChannelTransport(ch), Identity.codec(), maxMessageSize, true, true);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            try {
                Handshake.client(c, Identity.authkey());
                c.sendBytes(ticket.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] answer = c.recvBytes(16);
                if (answer.length != 1 || answer[0] != ARRIVED) {
                    throw new IOException("the parent process no longer expects this connection");
                }
                return c;
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
    }

    /**
     * Invites one connection back from a child: {@code local} is usable now (what is written before the child
     * arrives is sent when it does; reads wait for it), {@code remote} goes to the child. Closing {@code local}
     * withdraws the invitation.
     */
    public static Expected expect(int maxMessageSize) throws IOException {
        String ticket = INVITATION + HexFormat.of().formatHex(randomBytes());
        DeferredTransport t = new DeferredTransport(ticket);
        EXPECTED.put(ticket, t);
        try {
            Connection local = ConnectionFactory.open(t, Identity.codec(), maxMessageSize, true, true);
            return new Expected(local, new ConnectBack(ensureServer().toString(), ticket, maxMessageSize));
        } catch (IOException | RuntimeException e) {
            EXPECTED.remove(ticket);
            throw e;
        }
    }

    static void withdraw(String ticket) {
        EXPECTED.remove(ticket);
    }
    private static volatile UnixServerSocket server;

    private ResourceSharer() {}

    /** The serialized form of a shared connection end. */
    public static final class Handoff implements Serializable { // a class, not a record: cheaper to decode cold
        @Serial
        private static final long serialVersionUID = 1L;
        private final String sharer;
        private final String ticket;
        private final boolean readable;
        private final boolean writable;
        private final int maxMessageSize;

        Handoff(String sharer, String ticket, boolean readable, boolean writable, int maxMessageSize) {
            this.sharer = sharer;
            this.ticket = ticket;
            this.readable = readable;
            this.writable = writable;
            this.maxMessageSize = maxMessageSize;
        }

        @Serial
        private Object readResolve() throws ObjectStreamException {
            try {
                UnixSocket s = claim(Path.of(sharer), ticket);
                Codec codec = Identity.codec();
                return ConnectionFactory.open(new UnixTransport(s), codec, maxMessageSize, readable, writable);
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
        String ticket = DESCRIPTOR + HexFormat.of().formatHex(randomBytes());
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
        Connection c = ConnectionFactory.open(new UnixTransport(peer), Codec.defaultCodec(), 1024, true, true);
        boolean channel = false;
        try {
            Handshake.server(c, Identity.authkey());
            String ticket = new String(c.recvBytes(64), java.nio.charset.StandardCharsets.US_ASCII);
            if (ticket.startsWith(INVITATION)) {
                DeferredTransport expected = EXPECTED.remove(ticket);
                if (expected == null) {
                    c.sendBytes(new byte[] {REFUSED}); // withdrawn, or already taken by another process
                    return;
                }
                try {
                    if (c.hasBuffered()) throw new IOException("protocol error: data before the connection was accepted");
                    c.sendBytes(new byte[] {ARRIVED});
                    expected.arrive(new UnixTransport(peer));
                    channel = true; // the socket is the channel now: c must not close it
                } catch (IOException e) {
                    expected.close(); // its reader learns that the child will not come
                    throw e;
                }
                return;
            }
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
            if (!channel) c.close();
        }
    }

    /** Connects to another process's sharer and receives the descriptor behind {@code ticket}. */
    static UnixSocket claim(Path sharer, String ticket) throws IOException {
        UnixSocket s = UnixSocket.connect(sharer);
        Connection c = ConnectionFactory.open(new UnixTransport(s), Codec.defaultCodec(), 1024, true, true);
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
