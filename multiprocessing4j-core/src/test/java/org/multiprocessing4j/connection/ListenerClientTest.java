package org.multiprocessing4j.connection;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.Jvms;
import org.multiprocessing4j.codec.DecodingException;
import org.multiprocessing4j.sync.Children;

/** Ports CPython's {@code _TestListener}, {@code _TestListenerClient} and {@code ChallengeResponseTest}. */
@Timeout(120)
class ListenerClientTest {
    static final byte[] KEY = "secret key".getBytes(StandardCharsets.UTF_8);
    static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    /** Connects a client while another thread accepts: both sides' challenges need each other. */
    static Connection[] pair(Listener l, byte[] key) throws Exception {
        CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return l.accept();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Connection c = Client.connect(l.address(), key);
        return new Connection[] {c, accepted.get(30, TimeUnit.SECONDS)};
    }

    static void sendHello(SocketAddress address, byte[] key) {
        try (Connection c = Client.connect(address, key)) {
            c.send("hello");
            c.recv(); // wait for the ack, so the listener reads before we close
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aChildConnectsOverUnixAndTcp() throws Exception {
        for (Listener l : List.of(Listener.open(), Listener.bind(LOCAL, KEY))) {
            try (l; Children c = new Children()) {
                SocketAddress address = l.address();
                byte[] key = l.address() instanceof InetSocketAddress ? KEY : null;
                JvmProcess p = key == null ? c.start(() -> sendHello(address, org.multiprocessing4j.internal.Identity.authkey()))
                        : c.start(() -> sendHello(address, KEY));
                try (Connection conn = l.accept()) {
                    assertEquals("hello", conn.recv());
                    conn.send("ack");
                    assertNotNull(l.lastAccepted());
                }
                Children.joinOk(p);
            }
        }
    }

    @Test
    void bindingAnAddressTwiceFails() throws Exception {
        try (Listener l = Listener.bind(LOCAL, KEY)) {
            assertThrows(BindException.class, () -> Listener.bind(l.address(), KEY));
        }
        try (Listener l = Listener.open()) {
            assertThrows(BindException.class, () -> Listener.bind(l.address(), KEY));
        }
    }

    @Test
    void contextManagersCloseEverything(@TempDir Path dir) throws Exception {
        SocketAddress address = UnixDomainSocketAddress.of(dir.resolve("l.sock"));
        Listener l = Listener.bind(address, null);
        try (l; Connection c = Client.connect(address, null); Connection d = l.accept()) {
            c.send(1729);
            assertEquals(1729, d.recv());
            d.sendBytes(new byte[] {1, 2});
            assertArrayEquals(new byte[] {1, 2}, c.recvBytes());
        }
        assertTrue(l.isClosed());
        assertFalse(Files.exists(dir.resolve("l.sock")), "closing removes the socket file");
        assertThrows(IOException.class, l::accept);
        assertThrows(IOException.class, () -> Client.connect(address, null)); // nobody listens there any more
    }

    @Test
    void aWrongKeyIsAnAuthenticationErrorOnBothSidesAndTheListenerGoesOn() throws Exception {
        try (Listener l = Listener.bind(LOCAL, KEY)) {
            CompletableFuture<Throwable> server = CompletableFuture.supplyAsync(() -> {
                try {
                    l.accept().close();
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> Client.connect(l.address(), "wrong".getBytes(StandardCharsets.UTF_8)));
            assertNotNull(e.getMessage());
            assertInstanceOf(AuthenticationException.class, server.get(30, TimeUnit.SECONDS));
            // the listener still serves peers that know the key
            CompletableFuture<Object> next = CompletableFuture.supplyAsync(() -> {
                try (Connection c = l.accept()) {
                    return c.recv();
                } catch (IOException x) {
                    return x;
                }
            });
            try (Connection c = Client.connect(l.address(), KEY)) {
                c.send(List.of(1, 2, 3));
                assertEquals(List.of(1, 2, 3), next.get(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aClientWithoutTheProtocolIsClosedWithoutDeserializingAnything() throws Exception {
        try (Listener l = Listener.bind(LOCAL, KEY)) {
            CompletableFuture<Throwable> server = CompletableFuture.supplyAsync(() -> {
                try {
                    l.accept().close();
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            // a raw socket that sends a serialized object frame instead of answering the challenge
            try (var raw = java.nio.channels.SocketChannel.open(l.address())) {
                byte[] evil = new byte[] {0, 0, 0, 4, (byte) 0xAC, (byte) 0xED, 0, 5};
                raw.write(java.nio.ByteBuffer.wrap(evil));
                assertInstanceOf(AuthenticationException.class, server.get(30, TimeUnit.SECONDS));
                java.nio.ByteBuffer sink = java.nio.ByteBuffer.allocate(4096);
                int n;
                long deadline = System.nanoTime() + 10_000_000_000L;
                do {
                    sink.clear();
                    n = raw.read(sink); // drains the challenge, then sees the end of the stream
                } while (n > 0 && System.nanoTime() < deadline);
                assertEquals(-1, n, "the listener closes the connection");
            }
        }
    }

    @Test
    void tcpRequiresAnAuthkey() {
        assertThrows(IllegalArgumentException.class, () -> Listener.bind(LOCAL, null));
        assertThrows(IllegalArgumentException.class, () -> Listener.bind(LOCAL, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Client.connect(new InetSocketAddress("localhost", 1), null));
    }

    @Test
    void tcpConnectionsDecodeThroughAFilter() throws Exception {
        try (Listener l = Listener.bind(LOCAL, KEY)) {
            Connection[] cd = pair(l, KEY);
            Connection c = cd[0], d = cd[1];
            c.send(new example.outside.Outsider(1)); // serializable, but neither the JDK's nor ours
            assertThrows(DecodingException.class, d::recv);
            c.send(List.of("allowed", 1, 2L)); // JDK classes pass the filter
            assertEquals(List.of("allowed", 1, 2L), d.recv());
            c.close();
            d.close();
        }
    }

    @Test
    void acceptIsInterruptibleAndClosable() throws Exception {
        try (Listener l = Listener.open()) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedIOException.class, l::accept);
            assertTrue(Thread.interrupted());
            assertFalse(l.isClosed());
            CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    l.accept();
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            l.close();
            assertInstanceOf(AsynchronousCloseException.class, waiting.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void manyClientsInTurn() throws Exception {
        try (Listener l = Listener.open()) {
            for (int i = 0; i < 10; i++) {
                Connection[] cd = pair(l, org.multiprocessing4j.internal.Identity.authkey());
                try (Connection c = cd[0]; Connection d = cd[1]) {
                    c.send(i);
                    assertEquals(i, d.recv());
                    assertTrue(d.poll(Duration.ZERO) == false);
                }
            }
        }
    }
}
