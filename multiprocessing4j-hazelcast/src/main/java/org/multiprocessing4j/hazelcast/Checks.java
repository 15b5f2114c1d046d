package org.multiprocessing4j.hazelcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The argument checks the configurations share (the builders keep their own messages). */
final class Checks {
    private Checks() {}

    /**
     * {@return {@code d}, if it is at least {@code minMillis} long}
     *
     * @throws IllegalArgumentException with {@code message} if it is shorter
     * @throws NullPointerException if {@code d} is null
     */
    static Duration atLeast(Duration d, long minMillis, String message) {
        if (d.toMillis() < minMillis) throw new IllegalArgumentException(message);
        return d;
    }

    /** {@return the cluster name, if it is not blank} */
    static String clusterName(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("the cluster name must not be blank");
        return name;
    }

    /** {@return a secret given as text (a file's content, an environment variable): its UTF-8 bytes, stripped} */
    static byte[] secretBytes(String text) {
        return text.strip().getBytes(StandardCharsets.UTF_8);
    }
}
