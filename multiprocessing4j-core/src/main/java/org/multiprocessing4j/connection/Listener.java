package org.multiprocessing4j.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.internal.Identity;
import org.multiprocessing4j.internal.RuntimeDir;
import org.multiprocessing4j.internal.connection.ChannelTransport;
import org.multiprocessing4j.internal.connection.Filters;
import org.multiprocessing4j.internal.connection.Handshake;
import org.multiprocessing4j.internal.connection.ListenerAccess;

/**
 * A server endpoint that accepts {@link Connection}s — Python's {@code multiprocessing.connection.Listener}.
 *
 * <p>Listens on a Unix-domain socket ({@link UnixDomainSocketAddress}) or on TCP ({@link InetSocketAddress}); the
 * other side connects with {@link Client#connect}. With an authkey every accepted connection first passes a mutual
 * HMAC-SHA256 challenge (both sides prove the key; digests are compared in constant time). A peer that fails gets a
 * closed connection and {@link #accept()} throws {@link AuthenticationException}; nothing it sent was deserialized.
 * A TCP listener requires an authkey, and its connections decode through a deserialization filter (the JVM-wide
 * {@code jdk.serialFilter} if set, else JDK and library classes only; give a {@link Codec} for other classes).
 * A peer that stays silent during the challenge is dropped after {@link #HANDSHAKE_TIMEOUT}.
 *
 * <p><b>Threads and interruption.</b> {@link #accept()} may be called from any thread; a thread interrupted while
 * waiting gets {@link InterruptedIOException} (noticed within 50 ms) and the listener stays open; {@link #close()}
 * from another thread makes a waiting accept throw {@link AsynchronousCloseException}. Closing removes the socket
 * file of a Unix listener.
 *
 * <p><b>Memory consistency effects:</b> those of {@link Connection}.
 */
public final class Listener implements AutoCloseable {
    /** How long a connecting peer may take to answer the authkey challenge. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    static {
        ListenerAccess.register(new ListenerAccess.Hooks() {
            @Override
            public Connection acceptUnauthenticated(Listener l) throws IOException {
                return l.acceptRaw();
            }

            @Override
            public void authenticate(Listener l, Connection c) throws IOException {
                if (l.authkey != null) Listener.authenticate(c, true, l.authkey);
            }
        });
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final SocketAddress address;
    private final byte[] authkey;
    private final Codec codec;
    private final boolean tcp;
    private volatile SocketAddress lastAccepted;

    private Listener(ServerSocketChannel server, SocketAddress address, byte[] authkey, Codec codec, boolean tcp)
            throws IOException {
        this.server = server;
        this.address = address;
        this.authkey = authkey == null ? null : authkey.clone();
        this.codec = codec;
        this.tcp = tcp;
        server.configureBlocking(false);
        this.selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /**
     * A Unix-domain listener on a fresh path in this program's private (0700) runtime directory, authenticated with
     * the program's authkey (which every process of the program inherits).
     *
     * @return a new listener
     * @throws IOException if the socket cannot be bound
     */
    public static Listener open() throws IOException {
        Path p = RuntimeDir.get().resolve("l-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".sock");
        return bind(UnixDomainSocketAddress.of(p), Identity.authkey());
    }

    /**
     * A listener on {@code address} with the default codec: the process's codec for Unix sockets, a filtered one for
     * TCP.
     *
     * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress} (port 0: any free port)
     * @param authkey the shared key; null only for a Unix socket (then no challenge, as Python's {@code authkey=None})
     * @return a new listener
     * @throws IllegalArgumentException for another kind of address, or a TCP address without an authkey
     * @throws java.net.BindException   if the address is in use
     * @throws IOException if the socket cannot be bound otherwise
     */
    public static Listener bind(SocketAddress address, byte[] authkey) throws IOException {
        return bind(address, authkey, null);
    }

    /**
     * As {@link #bind(SocketAddress, byte[])}, with the codec accepted connections use (null: the default).
     *
     * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress} (port 0: any free port)
     * @param authkey the shared key; null only for a Unix socket (then no challenge)
     * @param codec the codec of the accepted connections' objects, or null for the default
     * @return a new listener
     * @throws IllegalArgumentException for another kind of address, or a TCP address without an authkey
     * @throws java.net.BindException   if the address is in use
     * @throws IOException if the socket cannot be bound otherwise
     */
    public static Listener bind(SocketAddress address, byte[] authkey, Codec codec) throws IOException {
        Objects.requireNonNull(address, "address");
        boolean tcp = address instanceof InetSocketAddress;
        if (!tcp && !(address instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("a listener needs a UnixDomainSocketAddress or an InetSocketAddress");
        }
        if (tcp && (authkey == null || authkey.length == 0)) {
            throw new IllegalArgumentException("a TCP listener requires an authkey");
        }
        ServerSocketChannel ch = ServerSocketChannel.open(tcp ? StandardProtocolFamily.INET6 : StandardProtocolFamily.UNIX);
        if (tcp && ((InetSocketAddress) address).getAddress() instanceof java.net.Inet4Address) {
            ch.close();
            ch = ServerSocketChannel.open(StandardProtocolFamily.INET);
        }
        try {
            ch.bind(address, 16);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new Listener(ch, ch.getLocalAddress(), authkey, codec != null ? codec : defaultCodec(tcp), tcp);
    }

    static Codec defaultCodec(boolean tcp) {
        return tcp ? Codec.javaSerialization(Filters.tcpDefault()) : Identity.codec();
    }

    /**
     * Waits for the next peer, authenticates it (when an authkey is set) and returns the connection.
     *
     * @return the connection to the peer
     * @throws AuthenticationException if the peer failed the challenge or stayed silent for
     *         {@link #HANDSHAKE_TIMEOUT}; its connection is closed and the listener stays open for the next one
     * @throws InterruptedIOException if the thread is interrupted while waiting; the listener stays open
     * @throws AsynchronousCloseException if the listener is closed, before or while waiting
     * @throws IOException if accepting fails otherwise
     */
    public Connection accept() throws IOException {
        Connection c = acceptRaw();
        if (authkey != null) authenticate(c, true, authkey);
        return c;
    }

    private Connection acceptRaw() throws IOException {
        SocketChannel ch;
        while (true) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("interrupted in accept()");
            if (!server.isOpen()) throw new AsynchronousCloseException();
            ch = server.accept();
            if (ch != null) break;
            try {
                selector.select(50);
                selector.selectedKeys().clear();
            } catch (ClosedSelectorException e) {
                throw new AsynchronousCloseException();
            }
        }
        if (tcp) ch.socket().setTcpNoDelay(true);
        lastAccepted = ch.getRemoteAddress();
        return new Connection(new ChannelTransport(ch), codec, Pipe.DEFAULT_MAX_MESSAGE_SIZE, true, true);
    }

    /** Runs the challenge, closing the connection if the peer stalls longer than {@link #HANDSHAKE_TIMEOUT}. */
    static void authenticate(Connection c, boolean server, byte[] key) throws IOException {
        Thread guard = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(HANDSHAKE_TIMEOUT);
                c.close();
            } catch (InterruptedException done) {
                // the handshake finished in time
            }
        });
        try {
            if (server) Handshake.server(c, key);
            else Handshake.client(c, key);
        } catch (AsynchronousCloseException e) {
            throw new AuthenticationException("the peer did not complete the authkey challenge within "
                    + HANDSHAKE_TIMEOUT.toSeconds() + " s");
        } finally {
            guard.interrupt();
        }
    }

    /** {@return the address clients connect to (for TCP port 0, the port actually bound)} */
    public SocketAddress address() {
        return address;
    }

    /** {@return the address of the last accepted peer, or null if none was accepted yet} */
    public SocketAddress lastAccepted() {
        return lastAccepted;
    }

    /** {@return true once the listener is closed} */
    public boolean isClosed() {
        return !server.isOpen();
    }

    /** Stops listening; idempotent. Connections already accepted stay open. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closed either way
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closed either way
        }
        if (address instanceof UnixDomainSocketAddress u) {
            try {
                Files.deleteIfExists(u.getPath());
            } catch (IOException ignored) {
                // the runtime directory is removed at exit anyway
            }
        }
    }

    @Override
    public String toString() {
        return "Listener[" + address + (isClosed() ? ", closed]" : "]");
    }
}
