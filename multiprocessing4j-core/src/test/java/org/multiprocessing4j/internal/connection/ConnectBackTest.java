package org.multiprocessing4j.internal.connection;

import static org.junit.jupiter.api.Assertions.*;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.connection.Connection;

/**
 * Connections a child opens back to its parent (how pool workers get their channel), played within one JVM: the
 * child's side connects to this JVM's sharer socket exactly as a child process does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectBackTest {

    private static ResourceSharer.ConnectBack travelled(ResourceSharer.ConnectBack remote) throws Exception {
        return org.multiprocessing4j.sync.RoundTrip.of(remote); // as it reaches a child
    }

    @Test
    void writesBeforeTheChildArrivesAreDeliveredFirstAndInOrder() throws Exception {
        ResourceSharer.Expected e = ResourceSharer.expect(64 << 20);
        Connection parent = e.local();
        parent.send("first");
        parent.sendBytes(new byte[] {1, 2, 3});
        assertFalse(parent.poll(Duration.ofMillis(50)), "nothing to read before the child arrives");
        try (Connection child = travelled(e.remote()).open()) {
            parent.send("third"); // after arrival: straight through
            assertEquals("first", child.recv());
            assertArrayEquals(new byte[] {1, 2, 3}, child.recvBytes());
            assertEquals("third", child.recv());
            child.send(42);
            assertEquals(42, parent.recv());
            byte[] big = new byte[5 << 20]; // several times the JDK channel's largest single write
            Arrays.fill(big, (byte) 7);
            big[big.length - 1] = 9;
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
                try {
                    return parent.recvBytes();
                } catch (IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            });
            child.sendBytes(big);
            assertArrayEquals(big, got.get(30, TimeUnit.SECONDS));
        } finally {
            parent.close();
        }
    }

    @Test
    void aReaderWaitingForTheChildLearnsWhenTheConnectionIsClosed() throws Exception {
        ResourceSharer.Expected e = ResourceSharer.expect(1 << 20);
        assertFalse(e.local().poll(Duration.ofMillis(100)));
        CompletableFuture<Throwable> got = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                e.local().recv();
                got.complete(null);
            } catch (Throwable t) {
                got.complete(t);
            }
        });
        // close only once the reader waits for the child (a closed connection would refuse it another way)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reader.getState() != Thread.State.WAITING && reader.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the reader never waited: " + reader.getState());
            Thread.onSpinWait();
        }
        e.local().close();
        assertInstanceOf(EOFException.class, got.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aWithdrawnInvitationIsRefusedWithAClearError() throws Exception {
        ResourceSharer.Expected e = ResourceSharer.expect(1 << 20);
        e.local().close();
        IOException x = assertThrows(IOException.class, () -> travelled(e.remote()).open());
        assertTrue(x.getMessage().contains("no longer expects"), x.getMessage());
    }

    @Test
    void anInvitationIsForOneChildOnly() throws Exception {
        ResourceSharer.Expected e = ResourceSharer.expect(1 << 20);
        try (Connection first = travelled(e.remote()).open()) {
            IOException x = assertThrows(IOException.class, () -> travelled(e.remote()).open());
            assertTrue(x.getMessage().contains("no longer expects"), x.getMessage());
            first.send("still fine");
            assertEquals("still fine", e.local().recv());
        } finally {
            e.local().close();
        }
    }
}
