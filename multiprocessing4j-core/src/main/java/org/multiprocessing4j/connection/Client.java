package org.multiprocessing4j.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Objects;

import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.internal.connection.ChannelTransport;

/**
 * Connects to a {@link Listener} — Python's {@code multiprocessing.connection.Client}.
 *
 * <p>With an authkey, the connection first passes the mutual challenge: {@link AuthenticationException} if the
 * listener does not know the key (the connection is then closed, and nothing the listener sent was deserialized).
 * A TCP connection requires an authkey and decodes through the same filter as a TCP listener's. Connecting to an
 * address where nobody listens throws {@link java.net.ConnectException}.
 */
public final class Client {
    private Client() {}

    /**
     * Connects with the default codec (the process's for Unix sockets, a filtered one for TCP).
     *
     * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
     * @param authkey the shared key; null only for a Unix socket (then no challenge)
     * @return the connection, authenticated when an authkey is given
     * @throws IllegalArgumentException for another kind of address, or a TCP address without an authkey
     * @throws AuthenticationException if the listener does not know the key, or does not complete the challenge
     *         within {@link Listener#HANDSHAKE_TIMEOUT}; the connection is closed
     * @throws java.net.ConnectException if nobody listens at {@code address}
     * @throws IOException if the connection fails otherwise
     */
    public static Connection connect(SocketAddress address, byte[] authkey) throws IOException {
        return connect(address, authkey, null);
    }

    /**
     * Connects with {@code codec} (null: the default).
     *
     * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
     * @param authkey the shared key; null only for a Unix socket (then no challenge)
     * @param codec the codec of the connection's objects, or null for the default
     * @return the connection, authenticated when an authkey is given
     * @throws IllegalArgumentException for another kind of address, or a TCP address without an authkey
     * @throws AuthenticationException if the listener does not know the key, or does not complete the challenge
     *         within {@link Listener#HANDSHAKE_TIMEOUT}; the connection is closed
     * @throws java.net.ConnectException if nobody listens at {@code address}
     * @throws IOException if the connection fails otherwise
     */
    public static Connection connect(SocketAddress address, byte[] authkey, Codec codec) throws IOException {
        Objects.requireNonNull(address, "address");
        boolean tcp = address instanceof InetSocketAddress;
        if (!tcp && !(address instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("connect to a UnixDomainSocketAddress or an InetSocketAddress");
        }
        if (tcp && (authkey == null || authkey.length == 0)) {
            throw new IllegalArgumentException("a TCP connection requires an authkey");
        }
        SocketChannel ch = tcp ? SocketChannel.open() : SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(address);
            if (tcp) ch.socket().setTcpNoDelay(true);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        Connection c = new Connection(new ChannelTransport(ch), codec != null ? codec : Listener.defaultCodec(tcp),
                Pipe.DEFAULT_MAX_MESSAGE_SIZE, true, true);
        if (authkey != null) Listener.authenticate(c, false, authkey);
        return c;
    }
}
