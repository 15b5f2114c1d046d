package org.multiprocessing4j.hazelcast;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.hazelcast.internal.Secrets;

/**
 * How a member starts: the cluster it joins (name, the addresses of other members, the secret), where it listens,
 * and how many worker JVMs it is meant to host. Immutable; build one with {@link #builder()}.
 */
public final class MemberConfig {
    final String clusterName;
    final byte[] secret;
    final String bindHost;
    final String publicHost;
    final int port;
    final int workerPort;
    final List<String> members;
    final int workers;
    final Path cacheDir;
    final long cacheLimit;
    final String name;
    final Duration failureDetection;
    final Duration clientTimeout;

    private MemberConfig(Builder b) {
        this.clusterName = b.clusterName;
        this.secret = b.secret.clone();
        this.bindHost = b.bindHost;
        this.publicHost = b.publicHost != null ? b.publicHost : b.bindHost;
        this.port = b.port;
        this.workerPort = b.workerPort;
        this.members = b.members != null ? List.copyOf(b.members) : List.of(b.bindHost + ":" + b.port);
        this.workers = b.workers;
        this.cacheDir = b.cacheDir != null ? b.cacheDir : defaultCacheDir();
        this.cacheLimit = b.cacheLimit;
        this.name = b.name != null ? b.name : publicHost + ":" + b.port;
        this.failureDetection = b.failureDetection;
        this.clientTimeout = b.clientTimeout;
    }

    /** The default {@link Builder#cacheLimit}: 2 GiB. */
    public static final long DEFAULT_CACHE_LIMIT = 2L << 30;

    private static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("multiprocessing4j").resolve("cluster");
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the member's name in messages} */
    public String name() {
        return name;
    }

    /** Builds a {@link MemberConfig}. Not thread-safe. */
    public static final class Builder {
        private String clusterName = "mp4j";
        private byte[] secret;
        private String bindHost = "127.0.0.1";
        private String publicHost;
        private int port = 5701;
        private int workerPort;
        private List<String> members;
        private int workers = Multiprocessing.cpuCount();
        private Path cacheDir;
        private long cacheLimit = DEFAULT_CACHE_LIMIT;
        private String name;
        private Duration failureDetection = Duration.ofSeconds(10);
        private Duration clientTimeout = Duration.ofSeconds(20);

        private Builder() {}

        /**
         * Sets the cluster's name; default {@code mp4j}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder clusterName(String name) {
            this.clusterName = Checks.clusterName(name);
            return this;
        }

        /**
         * Sets the cluster's shared secret (at least 16 bytes). Required.
         *
         * @param secret the secret, copied
         * @return this builder
         */
        public Builder secret(byte[] secret) {
            Secrets.of(secret);
            this.secret = secret.clone();
            return this;
        }

        /**
         * Sets the address the member binds (Hazelcast and the worker host); default {@code 127.0.0.1}, this machine
         * only. Give the machine's address on the cluster's network for a real cluster.
         *
         * @param host an IP address of this machine
         * @return this builder
         */
        public Builder bind(String host) {
            this.bindHost = Objects.requireNonNull(host);
            return this;
        }

        /**
         * Sets the address clients use to reach this member's worker host, when it differs from the bound one
         * (NAT). Default: the bound address.
         *
         * @param host the address
         * @return this builder
         */
        public Builder publicHost(String host) {
            this.publicHost = host;
            return this;
        }

        /**
         * Sets Hazelcast's port; default 5701.
         *
         * @param port the port
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            this.port = port;
            return this;
        }

        /**
         * Sets the worker host's TCP port; default 0, any free port (clients learn it from the member's attributes).
         * Fix it when a firewall must let it through.
         *
         * @param port the port, or 0
         * @return this builder
         */
        public Builder workerPort(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            this.workerPort = port;
            return this;
        }

        /**
         * Sets the addresses ({@code host:port}) of the members to join (this one may be among them). Default: only
         * this member, which then starts a cluster of its own.
         *
         * @param addresses the addresses
         * @return this builder
         */
        public Builder members(List<String> addresses) {
            this.members = List.copyOf(addresses);
            return this;
        }

        /**
         * Sets how many worker JVMs this member is meant to host, the weight it gets when workers are placed (it
         * hosts more if clients ask for more than the cluster's capacity). Default: this machine's CPUs.
         *
         * @param n the number, at least 1
         * @return this builder
         */
        public Builder workers(int n) {
            if (n < 1) throw new IllegalArgumentException("workers must be at least 1");
            this.workers = n;
            return this;
        }

        /**
         * Sets where shipped class path entries are cached (and worker JVMs run); default
         * {@code $XDG_CACHE_HOME/multiprocessing4j/cluster} or {@code ~/.cache/multiprocessing4j/cluster}.
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        /**
         * Sets how many bytes of shipped class path entries the member keeps cached; default
         * {@link #DEFAULT_CACHE_LIMIT} (2 GiB). Entries are content-addressed, so a client's unchanged jars are shared
         * by all its builds; beyond the limit, the least recently used entries that no running worker uses are
         * deleted (a later worker that needs one fetches it from the cluster again).
         *
         * @param bytes the limit, at least 1 MiB
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1 MiB
         */
        public Builder cacheLimit(long bytes) {
            if (bytes < 1 << 20) throw new IllegalArgumentException("cacheLimit must be at least 1 MiB: " + bytes);
            this.cacheLimit = bytes;
            return this;
        }

        /**
         * Sets the member's name in messages; default {@code host:port}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets how long another member may miss heartbeats before Hazelcast removes it from the cluster (members
         * beat every second). Default 10 s.
         *
         * @param timeout the timeout, at least 2 s
         * @return this builder
         */
        public Builder failureDetection(Duration timeout) {
            this.failureDetection = Checks.atLeast(timeout, 2000, "failureDetection must be at least 2 s");
            return this;
        }

        /**
         * Sets how long a client may stay silent before its sessions (and workers) here end and Hazelcast releases
         * its locks. Default 20 s.
         *
         * @param timeout the timeout, at least 2 s
         * @return this builder
         */
        public Builder clientTimeout(Duration timeout) {
            this.clientTimeout = Checks.atLeast(timeout, 2000, "clientTimeout must be at least 2 s");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalStateException if no secret was set
         */
        public MemberConfig build() {
            if (secret == null) throw new IllegalStateException("a member needs the cluster's shared secret");
            return new MemberConfig(this);
        }
    }
}
