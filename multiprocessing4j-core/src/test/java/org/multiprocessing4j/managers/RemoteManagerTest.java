package org.multiprocessing4j.managers;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.Jvms;
import org.multiprocessing4j.connection.AuthenticationException;
import org.multiprocessing4j.sync.Children;

/** Ports CPython's {@code _TestRemoteManager} and {@code _TestManagerRestart}, and a manager's death. */
@Timeout(150)
class RemoteManagerTest {
    static final byte[] KEY = "remote key".getBytes(StandardCharsets.UTF_8);
    static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** One queue per server JVM, handed to every client that asks: Python's {@code register('get_queue', ...)}. */
    static final BlockingQueue<Object> SHARED = new LinkedBlockingQueue<>();

    static BlockingQueue<Object> sharedQueue() {
        return SHARED;
    }

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    /** Makes a value of a class that TCP's default filter rejects. */
    public interface Maker {
        Object make();

        String name();
    }

    static final class OutsiderMaker implements Maker {
        @Override
        public Object make() {
            return new example.outside.Outsider(7);
        }

        @Override
        public String name() {
            return "maker";
        }
    }

    static Manager.Builder tcp(SocketAddress address) {
        return Manager.builder().address(address).authkey(KEY)
                .register("get_queue", BlockingQueue.class, RemoteManagerTest::sharedQueue)
                .register("maker", Maker.class, OutsiderMaker::new);
    }

    @Test
    void anAnswerOfAClassOutsideTheFilterFailsThatCallOnly() {
        try (Manager server = tcp(ANY_PORT).start()) {
            Manager client = Manager.connect(server.address(), KEY);
            Maker maker = client.create("maker", Maker.class);
            ManagerException e = assertThrows(ManagerException.class, maker::make);
            assertTrue(e.getMessage().contains("cannot be decoded"), e.getMessage());
            assertEquals("maker", maker.name(), "the connection is still in step");
        }
    }

    static void putFromAnotherJvm(SocketAddress address) {
        Manager m = Manager.connect(address, KEY);
        @SuppressWarnings("unchecked")
        BlockingQueue<Object> q = m.create("get_queue", BlockingQueue.class);
        q.add(List.of("hello world", 42, "ok"));
    }

    @Test
    void clientsInOtherJvmsShareAQueueOverTcp() throws Exception {
        try (Manager server = tcp(ANY_PORT).start(); Children c = new Children()) {
            SocketAddress address = server.address();
            assertInstanceOf(InetSocketAddress.class, address);
            JvmProcess p = c.start(() -> putFromAnotherJvm(address));
            Children.joinOk(p);
            Manager client = Manager.connect(address, KEY);
            @SuppressWarnings("unchecked")
            BlockingQueue<Object> q = client.create("get_queue", BlockingQueue.class);
            assertEquals(List.of("hello world", 42, "ok"), q.poll(60, TimeUnit.SECONDS));
            Map<String, Integer> d = client.map(); // built-in types work remotely too
            d.put("a", 1);
            assertEquals(1, d.get("a"));
        }
    }

    @Test
    void aWrongKeyIsRefused() {
        try (Manager server = tcp(ANY_PORT).start()) {
            ManagerException e = assertThrows(ManagerException.class,
                    () -> Manager.connect(server.address(), "wrong".getBytes(StandardCharsets.UTF_8)));
            assertInstanceOf(AuthenticationException.class, e.getCause());
            assertTrue(server.isAlive());
        }
    }

    @Test
    void tcpNeedsAnExplicitKey() {
        assertThrows(IllegalArgumentException.class, () -> Manager.builder().address(ANY_PORT).start());
    }

    @Test
    void aManagerCanBeRestartedOnTheSameAddress() {
        SocketAddress address;
        try (Manager first = tcp(ANY_PORT).start()) {
            address = first.address();
            first.namespace().set("x", 1);
        }
        try (Manager second = tcp(address).start()) {
            assertEquals(address, second.address());
            Namespace n = second.namespace();
            n.set("x", 2);
            assertEquals(2, n.get("x"));
        }
    }

    @Test
    void callsToADeadManagerFailClearlyAndWaitersAreReleased() throws Exception {
        Manager m = Manager.start();
        try {
            BlockingQueue<String> q = m.queue();
            Map<String, String> d = m.map();
            d.put("k", "v");
            CompletableFuture<Throwable> waiter = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    q.take();
                    waiter.complete(null);
                } catch (Throwable t) {
                    waiter.complete(t);
                }
            });
            long pid = m.pid().orElseThrow();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            Throwable t = waiter.get(30, TimeUnit.SECONDS);
            assertInstanceOf(ManagerException.class, t, "a blocked call ends when the manager dies");
            long t0 = System.nanoTime();
            ManagerException e = assertThrows(ManagerException.class, () -> d.get("k"));
            assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
            assertFalse(m.isAlive());
        } finally {
            m.close(); // must not hang on a dead manager
        }
        assertThrows(ManagerException.class, m::map);
    }

    @Test
    void serveForeverInThisJvmUntilAClientShutsItDown() throws Exception {
        CompletableFuture<SocketAddress> ready = new CompletableFuture<>();
        Thread server = Thread.ofPlatform().start(() -> {
            try {
                tcp(ANY_PORT).serveForever(ready::complete);
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        });
        SocketAddress address = ready.get(30, TimeUnit.SECONDS);
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> putFromAnotherJvm(address));
            Children.joinOk(p);
        }
        assertEquals(List.of("hello world", 42, "ok"), SHARED.poll(30, TimeUnit.SECONDS));
        Manager.connect(address, KEY).shutdown();
        server.join(Duration.ofSeconds(30));
        assertFalse(server.isAlive());
    }

    @Test
    void aPeerThatStallsTheChallengeHoldsUpNobody() throws Exception {
        try (Manager server = tcp(ANY_PORT).start();
             var silent = java.nio.channels.SocketChannel.open(server.address())) {
            assertTrue(silent.isConnected());
            long t0 = System.nanoTime();
            Manager client = Manager.connect(server.address(), KEY);
            client.namespace().set("x", 1);
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "the silent peer delayed others");
        }
    }
}
