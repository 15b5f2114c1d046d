package org.multiprocessing4j.connection;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.Jvms;

/** CPython's {@code _TestPoll}: poll across processes never consumes, never merges, sees empty messages. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PollTest {
    static final Duration LONG = Duration.ofSeconds(30);

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    static void sendAll(Connection c, ArrayList<byte[]> messages) {
        try {
            for (byte[] m : messages) c.sendBytes(m);
            c.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void emptyMessageMakesPollTrue() throws IOException {
        try (Pipe p = Pipe.open()) {
            assertFalse(p.first().poll());
            p.second().sendBytes(new byte[0]);
            assertTrue(p.first().poll());
            assertTrue(p.first().poll());
        }
    }

    @Test
    void stringsFromAChildArriveOneByOneEmptyOnesIncluded() throws Exception {
        ArrayList<byte[]> strings = new ArrayList<>();
        for (String s : List.of("hello", "", "a", "b", "", "bye", "", "lop")) strings.add(s.getBytes(StandardCharsets.UTF_8));
        try (Pipe p = Pipe.open()) {
            JvmProcess child = JvmProcess.of(PollTest::sendAll, p.second(), strings);
            child.start();
            p.second().close();
            for (byte[] s : strings) {
                assertTrue(p.first().poll(LONG));
                assertArrayEquals(s, p.first().recvBytes());
            }
            assertTrue(child.join(LONG));
            assertEquals(0, child.exitCode().getAsInt());
            assertThrows(java.io.EOFException.class, p.first()::recvBytes, "the child closed its end");
        }
    }

    @Test
    void messagesAreNeverMerged() throws Exception {
        ArrayList<byte[]> parts = new ArrayList<>(List.of(new byte[] {'a'}, new byte[] {'b'}, new byte[] {'c', 'd'}));
        try (Pipe p = Pipe.open()) {
            assertFalse(p.first().poll(Duration.ZERO));
            assertFalse(p.first().poll(Duration.ofMillis(100)));
            JvmProcess child = JvmProcess.of(PollTest::sendAll, p.second(), parts);
            child.start();
            // Once the child has ended, all three are in the socket together: they must still come apart.
            assertTrue(child.join(LONG));
            assertArrayEquals(new byte[] {'a'}, p.first().recvBytes());
            assertTrue(p.first().poll(Duration.ofSeconds(1)));
            assertTrue(p.first().poll(Duration.ofSeconds(1)));
            assertArrayEquals(new byte[] {'b'}, p.first().recvBytes());
            assertTrue(p.first().poll(Duration.ofSeconds(1)));
            assertTrue(p.first().poll(Duration.ZERO));
            assertArrayEquals(new byte[] {'c', 'd'}, p.first().recvBytes());
        }
    }

    static void pollOnce(Connection r) {
        try {
            r.poll(Duration.ofMillis(100));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aChildThatOnlyPollsLeavesTheMessagesForUs() throws Exception {
        try (Pipe p = Pipe.open(false)) {
            JvmProcess child = JvmProcess.of(PollTest::pollOnce, p.first());
            child.start();
            p.second().sendBytes("first".getBytes(StandardCharsets.US_ASCII));
            p.second().sendBytes("second".getBytes(StandardCharsets.US_ASCII));
            p.second().close();
            assertTrue(child.join(LONG));
            assertEquals("first", new String(p.first().recvBytes(), StandardCharsets.US_ASCII));
            assertEquals("second", new String(p.first().recvBytes(), StandardCharsets.US_ASCII));
        }
    }
}
