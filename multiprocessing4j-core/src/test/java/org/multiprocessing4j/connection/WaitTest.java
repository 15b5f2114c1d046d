package org.multiprocessing4j.connection;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.Jvms;
import org.multiprocessing4j.queues.SharedQueue;
import org.multiprocessing4j.queues.SimpleSharedQueue;
import org.multiprocessing4j.sync.Children;

/** Ports CPython's {@code TestWait}: pipes, sockets, queues and sentinels together, timeouts. */
@Timeout(120)
class WaitTest {
    static final Duration LONG = Duration.ofSeconds(60);

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    static void sendThree(Connection w, int id) {
        try {
            for (int i = 0; i < 3; i++) w.send(List.of(id, i));
            w.close();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void waitsOnPipesFromFourChildrenUntilAllEnd() throws Exception {
        List<Object> readers = new ArrayList<>();
        Set<List<Integer>> expected = new HashSet<>(), got = new HashSet<>();
        try (Children c = new Children()) {
            for (int id = 0; id < 4; id++) {
                Pipe p = Pipe.open(false);
                int pid = id;
                Connection w = p.second();
                c.start(() -> sendThree(w, pid));
                w.close();
                readers.add(p.first());
                for (int i = 0; i < 3; i++) expected.add(List.of(id, i));
            }
            while (!readers.isEmpty()) {
                for (Object o : Connections.wait(readers, LONG)) {
                    Connection r = (Connection) o;
                    try {
                        @SuppressWarnings("unchecked")
                        List<Integer> m = (List<Integer>) r.recv();
                        got.add(m);
                    } catch (java.io.EOFException eof) {
                        readers.remove(r);
                        r.close();
                    }
                }
            }
        }
        assertEquals(expected, got);
    }

    static void putLater(SimpleSharedQueue<String> q, String s) {
        try {
            q.put(s);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void queuesSocketsAndSentinelsTogether() throws Exception {
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        SimpleSharedQueue<String> q = new SimpleSharedQueue<>();
        SharedQueue<String> other = new SharedQueue<>();
        try (Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), key)) {
            Connection[] cd = ListenerClientTest.pair(l, key);
            try (Connection tcpClient = cd[0]; Connection tcpServer = cd[1]) {
                waitOnEverything(q, other, tcpClient, tcpServer);
            }
        }
    }

    private static void waitOnEverything(SimpleSharedQueue<String> q, SharedQueue<String> other, Connection tcpClient,
            Connection tcpServer) throws Exception {
        try (Pipe pipe = Pipe.open();
             Children c = new Children()) {
            List<Object> all = List.of(q, other, tcpServer, pipe.first());
            assertEquals(List.of(), Connections.wait(all, Duration.ZERO));
            JvmProcess p = c.start(() -> putLater(q, "from child"));
            List<Object> withSentinel = new ArrayList<>(all);
            withSentinel.add(p.sentinel());
            List<Object> ready = Connections.wait(withSentinel, LONG);
            assertTrue(ready.contains(q) || ready.contains(p.sentinel()), "ready: " + ready);
            assertEquals("from child", q.get());
            assertTrue(p.join(LONG));
            assertEquals(List.of(p.sentinel()), Connections.wait(withSentinel, LONG));
            tcpClient.send("over tcp");
            assertEquals(List.of(tcpServer), Connections.wait(all, LONG));
            assertEquals("over tcp", tcpServer.recv());
            other.put("queued");
            pipe.second().send(7);
            assertEquals(List.of(other, pipe.first()), waitForBoth(all));
        }
    }

    private static List<Object> waitForBoth(List<Object> all) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        List<Object> ready;
        do {
            ready = Connections.wait(all, LONG);
        } while (ready.size() < 2 && System.nanoTime() < deadline);
        return ready;
    }

    @Test
    void timeoutsAreHonoured() throws Exception {
        SharedQueue<String> q = new SharedQueue<>();
        try (Pipe p = Pipe.open()) {
            for (List<Object> objects : List.of(List.<Object>of(p.first()), List.<Object>of(q), List.<Object>of(q, p.first()))) {
                long t0 = System.nanoTime();
                assertEquals(List.of(), Connections.wait(objects, Duration.ofMillis(300)));
                long elapsed = System.nanoTime() - t0;
                assertTrue(elapsed >= 290_000_000L && elapsed < 10_000_000_000L, "elapsed " + elapsed);
                t0 = System.nanoTime();
                assertEquals(List.of(), Connections.wait(objects, Duration.ofMillis(-5)));
                assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
            }
            q.put("x");
            assertEquals(List.of(q), Connections.wait(List.of(q, p.first()), Duration.ofMillis(300)));
        }
    }

    @Test
    void otherObjectsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Connections.wait(List.of("a string"), Duration.ZERO));
    }
}
