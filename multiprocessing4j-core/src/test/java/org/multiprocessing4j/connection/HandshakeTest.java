package org.multiprocessing4j.connection;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.internal.connection.Handshake;

/** The mutual authkey challenge every control and sharing connection starts with. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeTest {
    static final byte[] KEY = "a key both sides know, 32 bytes!".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER = "another key entirely, 32 bytes!!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theSameKeyOnBothSidesAuthenticates() throws Exception {
        try (Pipe p = Pipe.open()) {
            CompletableFuture<Void> server = serve(p.first(), KEY);
            Handshake.client(p.second(), KEY);
            server.get(30, TimeUnit.SECONDS);
            p.second().send("after the handshake");
            assertEquals("after the handshake", p.first().recv());
        }
    }

    @Test
    void aWrongKeyFailsOnBothSides() throws Exception {
        try (Pipe p = Pipe.open()) {
            CompletableFuture<Void> server = serve(p.first(), KEY);
            assertThrows(AuthenticationException.class, () -> Handshake.client(p.second(), OTHER));
            ExecutionException e = assertThrows(ExecutionException.class, () -> server.get(30, TimeUnit.SECONDS));
            assertInstanceOf(AuthenticationException.class, e.getCause());
            assertTrue(p.first().isClosed() && p.second().isClosed(), "a failed handshake closes the connection");
        }
    }

    @Test
    void aPeerThatDoesNotSpeakTheProtocolIsRejected() throws Exception {
        try (Pipe p = Pipe.open()) {
            p.first().sendBytes("GET / HTTP/1.1".getBytes(StandardCharsets.US_ASCII));
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> Handshake.client(p.second(), KEY));
            assertTrue(e.getMessage().contains("challenge"), e.getMessage());
        }
    }

    private static CompletableFuture<Void> serve(Connection c, byte[] key) {
        return CompletableFuture.runAsync(() -> {
            try {
                Handshake.server(c, key);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }
}
