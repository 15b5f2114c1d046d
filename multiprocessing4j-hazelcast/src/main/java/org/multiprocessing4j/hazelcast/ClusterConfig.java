package org.multiprocessing4j.hazelcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.hazelcast.internal.Secrets;

/**
 * How a client joins a cluster: where its members are, its name, the shared secret, the settings of the worker
 * JVMs, and the policies for lost members. Immutable; build one with {@link #builder()}.
 */
public final class ClusterConfig {
    /** The environment variable {@link Builder#secretFromEnvironment()} reads. */
    public static final String SECRET_ENV = "MP4J_CLUSTER_SECRET";

    final String clusterName;
    final List<String> members;
    final byte[] secret;
    final Context context;
    final MemberLossPolicy memberLoss;
    final int maxRetries;
    final Duration connectTimeout;
    final Duration memberTimeout;
    final Duration memberWait;
    final Duration holderTimeout;

    private ClusterConfig(Builder b) {
        this.clusterName = b.clusterName;
        this.members = List.copyOf(b.members);
        this.secret = b.secret.clone();
        this.context = b.context;
        this.memberLoss = b.memberLoss;
        this.maxRetries = b.maxRetries;
        this.connectTimeout = b.connectTimeout;
        this.memberTimeout = b.memberTimeout;
        this.memberWait = b.memberWait;
        this.holderTimeout = b.holderTimeout;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the cluster name} */
    public String clusterName() {
        return clusterName;
    }

    /** {@return the member addresses the client connects to first} */
    public List<String> members() {
        return members;
    }

    /** {@return the settings of the worker JVMs} */
    public Context context() {
        return context;
    }

    /** {@return what happens to the tasks of a lost member} */
    public MemberLossPolicy memberLoss() {
        return memberLoss;
    }

    /** {@return how many times a task is sent again after member losses under {@link MemberLossPolicy#RETRY}} */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * Reads a secret from a file (the whole content; a trailing newline is kept out).
     *
     * @param file the file, readable by the owner only in production
     * @return the secret's bytes
     * @throws IOException if the file cannot be read
     */
    public static byte[] readSecret(Path file) throws IOException {
        return Checks.secretBytes(Files.readString(file));
    }

    /** Builds a {@link ClusterConfig}. Not thread-safe. */
    public static final class Builder {
        private String clusterName = "mp4j";
        private List<String> members = List.of("127.0.0.1:5701");
        private byte[] secret;
        private Context context = Context.defaultContext();
        private MemberLossPolicy memberLoss = MemberLossPolicy.RETRY;
        private int maxRetries = 3;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration memberTimeout = Duration.ofSeconds(10);
        private Duration memberWait = Duration.ofSeconds(30);
        private Duration holderTimeout = Duration.ofSeconds(15);

        private Builder() {}

        /**
         * Sets the cluster's name: members and clients of other names never talk to each other. Default {@code mp4j}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder clusterName(String name) {
            this.clusterName = Checks.clusterName(name);
            return this;
        }

        /**
         * Sets the addresses ({@code host:port}) of members to connect to; the client learns the others from them.
         * Default {@code 127.0.0.1:5701}.
         *
         * @param addresses one or more addresses
         * @return this builder
         */
        public Builder members(String... addresses) {
            if (addresses.length == 0) throw new IllegalArgumentException("give at least one member address");
            this.members = List.of(addresses);
            return this;
        }

        /**
         * Sets the cluster's shared secret (at least 16 bytes): every connection between this client and the
         * members' worker hosts proves it, and it authenticates the elements of cluster queues. Required.
         *
         * @param secret the secret, copied
         * @return this builder
         * @throws IllegalArgumentException if shorter than 16 bytes
         */
        public Builder secret(byte[] secret) {
            Secrets.of(secret);
            this.secret = secret.clone();
            return this;
        }

        /**
         * Reads the secret from the environment variable {@value #SECRET_ENV}.
         *
         * @return this builder
         * @throws IllegalArgumentException if it is not set or shorter than 16 bytes
         */
        public Builder secretFromEnvironment() {
            String s = System.getenv(SECRET_ENV);
            if (s == null) throw new IllegalArgumentException("the environment variable " + SECRET_ENV + " is not set");
            return secret(Checks.secretBytes(s));
        }

        /**
         * Sets the settings of the worker JVMs the members start for this client's pools: JVM options, system
         * properties, environment, codec, worker flags, AOT cache, message limit, and the class path to ship
         * (default: this JVM's class path). Its {@code java}, working directory, output redirects and warm spares
         * are the member's own. Default {@link Context#defaultContext()}.
         *
         * @param context the context
         * @return this builder
         */
        public Builder context(Context context) {
            this.context = Objects.requireNonNull(context);
            return this;
        }

        /**
         * Sets what happens to the tasks of a member that is lost. Default {@link MemberLossPolicy#RETRY} with 3
         * retries.
         *
         * @param policy the policy
         * @param maxRetries for {@link MemberLossPolicy#RETRY}, how many times a task is sent again after losses
         *        (at least 1); ignored for {@link MemberLossPolicy#FAIL}
         * @return this builder
         */
        public Builder memberLoss(MemberLossPolicy policy, int maxRetries) {
            this.memberLoss = Objects.requireNonNull(policy);
            if (policy == MemberLossPolicy.RETRY && maxRetries < 1) {
                throw new IllegalArgumentException("RETRY needs at least 1 retry (use FAIL for none)");
            }
            this.maxRetries = policy == MemberLossPolicy.FAIL ? 0 : maxRetries;
            return this;
        }

        /**
         * Sets how long connecting to the cluster, or to a member's worker host, may take. Default 30 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how long a member may stay silent before it is taken as lost (members report every second). Default
         * 10 s.
         *
         * @param timeout the timeout, at least 2 s
         * @return this builder
         */
        public Builder memberTimeout(Duration timeout) {
            this.memberTimeout = Checks.atLeast(positive(timeout, "memberTimeout"), 2000,
                    "memberTimeout must be at least 2 s (members report every second)");
            return this;
        }

        /**
         * Sets how long starting a worker waits for a member that can host it (when none is there, or all
         * fail) before the pool fails ({@link org.multiprocessing4j.pool.BrokenProcessPoolException}). Default 30 s.
         *
         * @param wait the bound
         * @return this builder
         */
        public Builder memberWait(Duration wait) {
            this.memberWait = positive(wait, "memberWait");
            return this;
        }

        /**
         * Sets how long after this client stops refreshing (it crashed or was cut off) the permits it holds on
         * cluster semaphores are returned. Default 15 s.
         *
         * @param timeout the timeout, at least 3 s
         * @return this builder
         */
        public Builder holderTimeout(Duration timeout) {
            this.holderTimeout = Checks.atLeast(positive(timeout, "holderTimeout"), 3000, "holderTimeout must be at least 3 s");
            return this;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive");
            return d;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalStateException if no secret was set
         */
        public ClusterConfig build() {
            if (secret == null) {
                throw new IllegalStateException("a cluster needs its shared secret: secret(...) or secretFromEnvironment()");
            }
            return new ClusterConfig(this);
        }
    }
}
