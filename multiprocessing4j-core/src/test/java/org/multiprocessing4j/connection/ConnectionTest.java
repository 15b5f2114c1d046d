package org.multiprocessing4j.connection;

import static org.junit.jupiter.api.Assertions.*;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython's {@code _TestConnection} cases that need no second process: one pipe, both ends here. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionTest {
    static final byte[] ALPHABET = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sendBytesWithOffsetAndSize() throws IOException {
        try (Pipe p = Pipe.open()) {
            Connection a = p.first(), b = p.second();
            a.sendBytes(ALPHABET);
            assertArrayEquals(ALPHABET, b.recvBytes());
            a.sendBytes(ALPHABET, 5, 21);
            assertArrayEquals(Arrays.copyOfRange(ALPHABET, 5, 26), b.recvBytes());
            a.sendBytes(ALPHABET, 7, 8);
            assertArrayEquals(Arrays.copyOfRange(ALPHABET, 7, 15), b.recvBytes());
            a.sendBytes(ALPHABET, 26, 0);
            assertArrayEquals(new byte[0], b.recvBytes());
            for (int[] bad : new int[][] {{27, 0}, {22, 5}, {26, 1}, {-1, 3}, {4, -1}}) {
                assertThrows(IndexOutOfBoundsException.class, () -> a.sendBytes(ALPHABET, bad[0], bad[1]),
                        () -> Arrays.toString(bad));
            }
            assertFalse(b.poll(), "a rejected range sends nothing");
        }
    }

    @Test
    void recvBytesIntoAtOffsets() throws IOException {
        try (Pipe p = Pipe.open()) {
            byte[] msg = {1, 2, 3, 4};
            byte[] buf = new byte[10];
            p.first().sendBytes(msg);
            assertEquals(4, p.second().recvBytesInto(buf));
            assertArrayEquals(new byte[] {1, 2, 3, 4, 0, 0, 0, 0, 0, 0}, buf);
            buf = new byte[10];
            p.first().sendBytes(msg);
            assertEquals(4, p.second().recvBytesInto(buf, 3));
            assertArrayEquals(new byte[] {0, 0, 0, 1, 2, 3, 4, 0, 0, 0}, buf);
            p.first().sendBytes(msg);
            assertEquals(4, p.second().recvBytesInto(buf, 6), "a message may end exactly at the buffer's end");
            byte[] tooSmall = new byte[10];
            assertThrows(IndexOutOfBoundsException.class, () -> p.second().recvBytesInto(tooSmall, 11));
        }
    }

    @Test
    void aBufferTooShortGetsTheWholeMessageInTheException() throws IOException {
        try (Pipe p = Pipe.open()) {
            byte[] longMsg = "hello world".repeat(10).getBytes(StandardCharsets.US_ASCII);
            byte[] buf = new byte[40];
            p.first().sendBytes(longMsg);
            BufferTooShortException e = assertThrows(BufferTooShortException.class, () -> p.second().recvBytesInto(buf));
            assertArrayEquals(longMsg, e.message());
            assertArrayEquals(new byte[40], buf, "the buffer is left alone");
            p.first().sendBytes(new byte[] {9, 9});
            assertThrows(BufferTooShortException.class, () -> p.second().recvBytesInto(buf, 39), "offset counts");
            p.first().sendBytes(new byte[] {7});
            assertEquals(1, p.second().recvBytesInto(buf, 39), "the message was consumed; the next one is intact");
            assertEquals(7, buf[39]);
        }
    }

    @Test
    void recvBytesOverMaxLengthClosesTheConnection() throws IOException {
        try (Pipe p = Pipe.open()) {
            p.first().sendBytes(new byte[100]);
            IOException e = assertThrows(IOException.class, () -> p.second().recvBytes(99));
            assertTrue(e.getMessage().contains("100"), e.getMessage());
            assertTrue(p.second().isClosed());
        }
    }

    @Test
    void emptyMessagesAndBoundariesAreKept() throws IOException {
        try (Pipe p = Pipe.open()) {
            List<byte[]> sent = List.of(new byte[0], new byte[] {1}, new byte[0], new byte[] {2, 3}, new byte[70_000], new byte[0]);
            for (byte[] m : sent) p.first().sendBytes(m);
            for (byte[] m : sent) assertArrayEquals(m, p.second().recvBytes());
            assertFalse(p.second().poll());
        }
    }

    @Test
    void pollNeverConsumes() throws IOException {
        try (Pipe p = Pipe.open()) {
            Connection r = p.second();
            assertFalse(r.poll());
            long t0 = System.nanoTime();
            assertFalse(r.poll(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - t0 >= 150_000_000L, "poll(timeout) waits");
            assertFalse(r.poll(Duration.ofMillis(-1)), "a negative timeout polls");
            p.first().send(null);
            assertTrue(r.poll(Duration.ofSeconds(10)));
            assertTrue(r.poll());
            assertNull(r.recv());
            assertFalse(r.poll());
            p.first().sendBytes(new byte[0]);
            assertTrue(r.poll(), "an empty message is a message");
            assertTrue(r.poll());
            assertArrayEquals(new byte[0], r.recvBytes());
        }
    }

    @Test
    void bufferedMessagesThenEofAfterThePeerCloses() throws IOException {
        Pipe p = Pipe.open();
        p.first().send("last words");
        p.first().sendBytes(new byte[] {42});
        p.first().close();
        assertTrue(p.second().poll(), "the end of the stream is ready to read");
        assertEquals("last words", p.second().recv());
        assertArrayEquals(new byte[] {42}, p.second().recvBytes());
        assertThrows(EOFException.class, p.second()::recv);
        assertThrows(EOFException.class, p.second()::recvBytes);
        assertThrows(EOFException.class, () -> p.second().recvBytesInto(new byte[4]));
        assertTrue(p.second().poll(), "poll stays true at the end of the stream: recv would not block");
        assertThrows(IOException.class, () -> p.second().send("anyone?"), "the peer is gone");
        p.close();
    }

    @Test
    void aClosedConnectionRefusesEverything() throws IOException {
        Pipe p = Pipe.open();
        Connection a = p.first();
        assertFalse(a.isClosed());
        a.close();
        a.close(); // idempotent
        assertTrue(a.isClosed());
        assertThrows(IOException.class, () -> a.send(1));
        assertThrows(IOException.class, a::recv);
        assertThrows(IOException.class, () -> a.sendBytes(new byte[1]));
        assertThrows(IOException.class, a::recvBytes);
        assertThrows(IOException.class, a::poll);
        assertTrue(a.toString().contains("closed"), a.toString());
        p.close();
    }

    @Test
    void tryWithResourcesClosesBothEnds() throws IOException {
        Pipe p;
        try (Pipe q = Pipe.open()) {
            p = q;
            q.first().send(1729);
            assertEquals(1729, q.second().recv());
            assertFalse(q.first().isClosed());
        }
        assertTrue(p.first().isClosed());
        assertTrue(p.second().isClosed());
        assertThrows(IOException.class, p.first()::recv);
        assertThrows(IOException.class, p.second()::recv);
    }

    @Test
    void aSimplexPipeHasAReaderAndAWriter() throws IOException {
        try (Pipe p = Pipe.open(false)) {
            Connection reader = p.first(), writer = p.second();
            writer.send(1);
            assertEquals(1, reader.recv());
            assertTrue(reader.isReadable());
            assertFalse(reader.isWritable());
            assertFalse(writer.isReadable());
            assertTrue(writer.isWritable());
            assertThrows(IOException.class, () -> reader.send(2));
            assertThrows(IOException.class, writer::recv);
            assertThrows(IOException.class, writer::poll);
        }
    }

    @Test
    void aMessageOverTheLimitIsRefusedBeforeAnythingIsSent() throws IOException {
        try (Pipe p = Pipe.open(true, 1024)) {
            assertEquals(1024, p.first().maxMessageSize());
            IOException e = assertThrows(IOException.class, () -> p.first().sendBytes(new byte[1025]));
            assertTrue(e.getMessage().contains("1025") && e.getMessage().contains("1024"), e.getMessage());
            assertThrows(IOException.class, () -> p.first().send(new byte[2000]), "objects count too");
            assertFalse(p.second().poll(), "nothing was sent");
            p.first().sendBytes(new byte[1024]);
            assertEquals(1024, p.second().recvBytes().length, "the limit itself is allowed");
        }
    }

    @Test
    void a64MiBMessageRoundTrips() throws Exception {
        byte[] big = new byte[64 << 20];
        for (int i = 0; i < big.length; i += 4096) big[i] = (byte) (i >>> 12);
        big[big.length - 1] = 99;
        try (Pipe p = Pipe.open()) {
            // The socket buffer is far smaller than the message: someone must read while it is sent.
            CompletableFuture<Void> send = CompletableFuture.runAsync(() -> {
                try {
                    p.first().sendBytes(big);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] got = p.second().recvBytes();
            send.get(30, TimeUnit.SECONDS);
            assertArrayEquals(big, got);
        }
    }

    @Test
    void concurrentSendersNeverInterleave() throws Exception {
        try (Pipe p = Pipe.open()) {
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                byte fill = (byte) t;
                senders.add(CompletableFuture.runAsync(() -> {
                    byte[] m = new byte[100_000];
                    Arrays.fill(m, fill);
                    try {
                        for (int i = 0; i < 50; i++) p.first().sendBytes(m);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            for (int i = 0; i < 100; i++) {
                byte[] m = p.second().recvBytes();
                assertEquals(100_000, m.length);
                for (byte x : m) assertEquals(m[0], x, "two messages were mixed");
            }
            for (CompletableFuture<Void> f : senders) f.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anInterruptedReceiveConsumesNothing() throws Exception {
        try (Pipe p = Pipe.open()) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedIOException.class, p.second()::recv);
            Thread.interrupted();
            p.first().send("still here");
            assertEquals("still here", p.second().recv(), "the connection stays usable");
        }
    }

    @Test
    void waitReturnsTheReadyConnectionsInOrder() throws IOException {
        try (Pipe a = Pipe.open(); Pipe b = Pipe.open()) {
            List<Connection> all = List.of(a.second(), b.second());
            assertEquals(List.of(), Connections.wait(all, Duration.ZERO));
            long t0 = System.nanoTime();
            assertEquals(List.of(), Connections.wait(all, Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - t0 >= 150_000_000L);
            b.first().send("b");
            assertEquals(List.of(b.second()), Connections.wait(all, Duration.ofSeconds(10)));
            a.first().send("a");
            assertEquals(all, Connections.wait(all, Duration.ofSeconds(10)));
            a.first().close();
            assertEquals("a", a.second().recv());
            assertEquals(List.of(a.second()), Connections.wait(List.of(a.second()), Duration.ZERO), "EOF is ready");
            assertThrows(IllegalArgumentException.class, () -> Connections.wait(List.of("not a connection"), Duration.ZERO));
            b.second().close();
            assertThrows(IllegalArgumentException.class, () -> Connections.wait(List.of(b.second()), Duration.ZERO));
        }
    }
}
