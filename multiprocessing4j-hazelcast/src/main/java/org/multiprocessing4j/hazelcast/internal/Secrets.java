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
        return forQueue(queue).mac(data, off, len);
    }

    /** The MACs of one queue's elements: the key and the queue's name are prepared once, not per element. */
    public QueueMac forQueue(String queue) {
        return new QueueMac(queueKey, bytes(queue));
    }

    /**
     * The MAC of a queue's elements: HMAC-SHA256 under the queue key of the name's length (2 bytes), the name, then
     * the element's encoding. Thread-safe: each MAC is computed on a copy of a {@link Mac} that holds the key and
     * the name already.
     */
    public static final class QueueMac {
        /** The length of a MAC, which a sealed element starts with. */
        public static final int LENGTH = 32;
        private final byte[] key;
        private final byte[] name;
        /** Keyed and fed the name, then only cloned (under its lock: a Mac is not documented as thread-safe). */
        private final Mac primed;

        private QueueMac(byte[] key, byte[] name) {
            this.key = key;
            this.name = name;
            Mac m = fresh();
            try {
                m.clone();
            } catch (CloneNotSupportedException e) {
                m = null; // a provider whose Macs cannot be copied: a fresh one per element
            }
            this.primed = m;
        }

        private Mac fresh() {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(key, "HmacSHA256"));
                m.update(new byte[] {(byte) (name.length >>> 8), (byte) name.length});
                m.update(name);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        }

        private Mac copy() {
            if (primed == null) return fresh();
            synchronized (primed) {
                try {
                    return (Mac) primed.clone();
                } catch (CloneNotSupportedException e) {
                    throw new AssertionError("cloned once already", e);
                }
            }
        }

        /** The MAC of {@code len} bytes of {@code data} from {@code off}. */
        public byte[] mac(byte[] data, int off, int len) {
            Mac m = copy();
            m.update(data, off, len);
            return m.doFinal();
        }

        /** An element of the queue: its MAC ({@link #LENGTH} bytes), then its encoding. */
        public byte[] seal(byte[] payload) {
            byte[] mac = mac(payload, 0, payload.length);
            byte[] out = new byte[mac.length + payload.length];
            System.arraycopy(mac, 0, out, 0, mac.length);
            System.arraycopy(payload, 0, out, mac.length, payload.length);
            return out;
        }

        /** Checks an element's MAC; true if it was sealed with this cluster's secret for this queue. */
        public boolean authentic(byte[] sealed) {
            if (sealed == null || sealed.length < LENGTH) return false;
            return equal(sealed, 0, mac(sealed, LENGTH, sealed.length - LENGTH));
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
