package org.multiprocessing4j.connection;

import static org.junit.jupiter.api.Assertions.*;

import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.Jvms;

/** CPython's {@code _TestConnection} cases that talk to a child process through a connection it was given. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionProcessTest {
    static final Duration LONG = Duration.ofSeconds(30);

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    /** Echoes byte messages until an empty one, objects until the string "stop". */
    static void echo(Connection c) {
        try {
            for (byte[] m; (m = c.recvBytes()).length > 0; ) c.sendBytes(m);
            for (Object o; !"stop".equals(o = c.recv()); ) c.send(o);
            c.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Point(int x, String label) implements Serializable {}

    @Test
    void manyKindsOfValuesSurviveARoundTrip() throws Exception {
        try (Pipe p = Pipe.open()) {
            JvmProcess child = JvmProcess.of(ConnectionProcessTest::echo, p.second()).daemon(true);
            child.start();
            p.second().close(); // the child holds its own copy

            Connection c = p.first();
            c.sendBytes("hello world".getBytes());
            assertEquals("hello world", new String(c.recvBytes()));
            byte[] big = new byte[16 << 20];
            Arrays.fill(big, (byte) 'X');
            c.sendBytes(big);
            assertArrayEquals(big, c.recvBytes());
            c.sendBytes(new byte[0]); // switch the child to objects

            ArrayList<Object> seq = new ArrayList<>(Arrays.asList(1, 2.25, null));
            Map<String, List<Integer>> map = new HashMap<>(Map.of("k", List.of(1, 2)));
            List<Object> values = Arrays.asList(seq, null, 42, -7L, 3.5, 1.5f, (short) 3, (byte) 4, 'c', true, false,
                    "ünïcödé ✓", new int[] {1, 2, 3}, new long[] {Long.MIN_VALUE}, new double[] {Double.NaN, -0.0},
                    new byte[] {1, 2}, new Object[] {"a", 1}, map, new Point(3, "p"), List.of("immutable"),
                    new ArrayList<>(List.of(new Point(1, "in a list"))));
            for (Object v : values) {
                c.send(v);
                Object back = c.recv();
                assertDeepEquals(v, back);
            }
            c.send("stop");
            assertThrows(EOFException.class, c::recv, "the child closed its end");
            assertTrue(child.join(LONG));
            assertEquals(0, child.exitCode().getAsInt());
        }
    }

    private static void assertDeepEquals(Object expected, Object actual) {
        if (expected == null) {
            assertNull(actual);
            return;
        }
        assertEquals(expected.getClass(), actual.getClass());
        assertTrue(Arrays.deepEquals(new Object[] {expected}, new Object[] {actual}), expected + " != " + actual);
    }

    /** Receives a connection inside a message and answers through it. */
    static void answerThroughAReceivedConnection(Connection control) {
        try {
            Connection handed = (Connection) control.recv();
            handed.send("via the handed-over end: " + handed.recv());
            handed.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aConnectionCanBeSentInsideAMessage() throws Exception {
        try (Pipe control = Pipe.open(); Pipe data = Pipe.open()) {
            JvmProcess child = JvmProcess.of(ConnectionProcessTest::answerThroughAReceivedConnection, control.second());
            child.start();
            control.first().send(data.second());
            data.second().close(); // as in Python: the sender's copy is no longer needed
            data.first().send("ping");
            assertTrue(data.first().poll(LONG));
            assertEquals("via the handed-over end: ping", data.first().recv());
            assertTrue(child.join(LONG));
            assertEquals(0, child.exitCode().getAsInt());
        }
    }

    @Test
    void aClosedConnectionCannotBeHandedOver() throws IOException {
        try (Pipe p = Pipe.open()) {
            p.second().close();
            assertThrows(IOException.class, () -> p.first().send(p.second()));
        }
    }
}
