package org.multiprocessing4j.internal.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import org.multiprocessing4j.connection.AuthenticationException;
import org.multiprocessing4j.connection.Connection;

/**
 * Mutual authkey challenge, as in Python's {@code multiprocessing.connection}: each side sends 32 random bytes and
 * expects their HMAC-SHA256 under the shared key, compared in constant time. Only raw byte messages of bounded
 * length are read before both sides have proved the key, so nothing from an unauthenticated peer is deserialized.
 */
public final class Handshake {
    private static final byte[] CHALLENGE = "#CHALLENGE#{sha256}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "#WELCOME#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILURE = "#FAILURE#".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX = 256;

    private Handshake() {}

    /** The accepting side: challenge the peer, then answer its challenge. Closes the connection on failure. */
    public static void server(Connection c, byte[] key) throws IOException {
        try {
            deliver(c, key);
            answer(c, key);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The connecting side: answer the peer's challenge, then challenge it. Closes the connection on failure. */
    public static void client(Connection c, byte[] key) throws IOException {
        try {
            answer(c, key);
            deliver(c, key);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static void deliver(Connection c, byte[] key) throws IOException {
        byte[] nonce = nonce();
        byte[] msg = concat(CHALLENGE, nonce);
        c.sendBytes(msg);
        byte[] response = c.recvBytes(MAX);
        if (MessageDigest.isEqual(response, hmac(key, msg))) {
            c.sendBytes(WELCOME);
        } else {
            c.sendBytes(FAILURE);
            throw new AuthenticationException("the peer does not know the authkey (digest mismatch)");
        }
    }

    private static void answer(Connection c, byte[] key) throws IOException {
        byte[] msg = c.recvBytes(MAX);
        if (msg.length < CHALLENGE.length || !Arrays.equals(msg, 0, CHALLENGE.length, CHALLENGE, 0, CHALLENGE.length)) {
            throw new AuthenticationException("the peer did not open with an authkey challenge (not a "
                    + "multiprocessing4j endpoint, or one of another version)");
        }
        c.sendBytes(hmac(key, msg));
        byte[] verdict = c.recvBytes(MAX);
        if (!Arrays.equals(verdict, WELCOME)) throw new AuthenticationException("the peer rejected our authkey digest");
    }

    private static byte[] hmac(byte[] key, byte[] msg) {
        return HmacSha256.mac(key, msg);
    }

    /** 32 bytes from the kernel's CSPRNG, read directly: {@code SecureRandom} would load the provider framework. */
    private static byte[] nonce() throws IOException {
        try (java.io.FileInputStream in = new java.io.FileInputStream("/dev/urandom")) {
            byte[] b = in.readNBytes(32);
            if (b.length != 32) throw new IOException("short read from /dev/urandom");
            return b;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
