package org.multiprocessing4j.hazelcast.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster secret and the keys derived from it, one per use (HMAC-SHA256 of a label), so that a key seen in one
 * place cannot be replayed in another: the authkey of the connections between clients and members, and the key
 * that authenticates the elements of cluster queues.
 */
public final class Secrets {
    /** Shortest secret accepted: 16 bytes (128 bits) of a random secret, or a passphrase at least that long. */
    public static final int MIN_LENGTH = 16;

    private final byte[] connectionKey;
    private final byte[] queueKey;

    private Secrets(byte[] secret) {
        this.connectionKey = hmac(secret, bytes("mp4j-cluster/connection/v1"));
        this.queueKey = hmac(secret, bytes("mp4j-cluster/queue/v1"));
    }

    /**
     * Derives the keys of a secret.
     *
     * @throws IllegalArgumentException if the secret is shorter than {@link #MIN_LENGTH} bytes
     */
    public static Secrets of(byte[] secret) {
        if (secret == null || secret.length < MIN_LENGTH) {
            throw new IllegalArgumentException("the cluster secret must be at least " + MIN_LENGTH + " bytes long (got "
                    + (secret == null ? "none" : secret.length + "") + "); generate one with: head -c 32 /dev/urandom | base64");
        }
        return new Secrets(secret);
    }

    /** The authkey of the challenge every client-member connection starts with. */
    public byte[] connectionKey() {
        return connectionKey.clone();
    }

    /** The MAC of a queue element's encoding under the queue key, bound to the queue's name. */
    public byte[] queueMac(String queue, byte[] data, int off, int len) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(queueKey, "HmacSHA256"));
            byte[] name = bytes(queue);
            m.update(new byte[] {(byte) (name.length >>> 8), (byte) name.length});
            m.update(name);
            m.update(data, off, len);
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Compares in constant time. */
    public static boolean equal(byte[] a, int aOff, byte[] b) {
        if (a.length - aOff < b.length) return false;
        return MessageDigest.isEqual(Arrays.copyOfRange(a, aOff, aOff + b.length), b);
    }

    static byte[] hmac(byte[] key, byte[] msg) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(msg);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
