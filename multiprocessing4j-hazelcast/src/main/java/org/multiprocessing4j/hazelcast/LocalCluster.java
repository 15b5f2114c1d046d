package org.multiprocessing4j.hazelcast;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.multiprocessing4j.hazelcast.internal.ClassPathShipper;
import org.multiprocessing4j.internal.CacheFiles;

/**
 * A cluster of members on this machine, each in its own JVM ({@link MemberMain}) bound to loopback — for tests and
 * benchmarks of cluster code, where {@link ClusterMember} (in-process) is not separate enough: members can be
 * SIGKILLed. The members run on multiprocessing4j and Hazelcast only, so the client's classes reach their workers
 * by class shipping, as on real machines. The cluster's name and secret are random and its ports free ones, so
 * concurrent runs on one machine never join each other.
 *
 * <p>{@link #close()} stops every member (SIGTERM, then SIGKILL) and checks that none of the cluster's processes,
 * members or their worker JVMs, is left; a leftover is killed and reported. It deletes the members' class path
 * caches (no other cluster can use them: each member's directory bears the cluster's unique name); the members'
 * logs stay for a week (a later cluster deletes older ones).
 */
public final class LocalCluster implements AutoCloseable {
    /** The options bin/member gives Hazelcast's JVM (Hazelcast only warns without them). */
    public static final List<String> HAZELCAST_JVM_OPTIONS = List.of("--sun-misc-unsafe-memory-access=allow",
            "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    /** How long the members' logs stay. */
    static final Duration LOG_KEEP = Duration.ofDays(7);

    private final String name;
    private final byte[] secret;
    private final Builder options;
    private final int[] ports;
    private final Process[] members;

    private LocalCluster(Builder b, int n) {
        byte[] id = new byte[4];
        SecureRandom random = new SecureRandom();
        random.nextBytes(id);
        this.name = b.prefix + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(id);
        byte[] s = new byte[24];
        random.nextBytes(s);
        this.secret = HexFormat.of().formatHex(s).getBytes(StandardCharsets.US_ASCII);
        this.options = b;
        this.ports = new int[n];
        for (int i = 0; i < n; i++) ports[i] = freePort();
        this.members = new Process[n];
    }

    /** {@return a builder for a local cluster} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A free loopback port below the kernel's ephemeral range: a port from that range (what {@code new
     * ServerSocket(0)} gives) may be handed to some outgoing connection between this look and the member's bind,
     * which then fails with "port already in use" (seen in a test run). Below the range, only another listener
     * could take it.
     */
    static int freePort() {
        int low = 32768; // Linux's default start of the range
        try { // by lines: Files.readString reads a /proc file's first byte only (its size says 0)
            low = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // the default
        }
        int from = Math.max(1024, low - 10_000);
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; from < low && attempt < 200; attempt++) {
            int port = r.nextInt(from, low);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // another one
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the cluster's name (unique)} */
    public String name() {
        return name;
    }

    /** {@return how many members it was started with} */
    public int size() {
        return members.length;
    }

    /**
     * The name of member {@code i}: its worker JVMs carry it (the system property {@code mp4j.cluster.member}).
     *
     * @param i the member's index
     * @return its name
     */
    public String memberName(int i) {
        return name + "-m" + i;
    }

    /**
     * The Hazelcast address of member {@code i}.
     *
     * @param i the member's index
     * @return {@code 127.0.0.1:port}
     */
    public String address(int i) {
        return "127.0.0.1:" + ports[i];
    }

    /** {@return a client configuration for this cluster: its name, members and secret} */
    public ClusterConfig.Builder client() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) all.add(address(i));
        return ClusterConfig.builder().clusterName(name).members(all.toArray(String[]::new)).secret(secret);
    }

    private CompletableFuture<Void> launch(int i) throws IOException {
        Files.createDirectories(options.logDir);
        if (i == 0) deleteOldLogs(options.logDir);
        List<String> cp = new ArrayList<>();
        for (Path p : ClassPathShipper.provided()) cp.add(p.toString());
        List<String> all = new ArrayList<>();
        for (int k = 0; k < ports.length; k++) all.add(address(k));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(HAZELCAST_JVM_OPTIONS);
        cmd.addAll(options.jvmOptions);
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp), MemberMain.class.getName(),
                "--cluster-name", name, "--bind", "127.0.0.1", "--port", Integer.toString(ports[i]),
                "--members", String.join(",", all), "--workers", Integer.toString(options.workers),
                "--name", memberName(i), "--cache-dir", options.cacheDir.resolve(memberName(i)).toAbsolutePath().toString(),
                "--failure-detection", Long.toString(options.failureDetection.toSeconds()),
                "--client-timeout", Long.toString(options.clientTimeout.toSeconds())));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(ClusterConfig.SECRET_ENV, new String(secret, StandardCharsets.US_ASCII));
        Process p = pb.start();
        members[i] = p;
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Path log = options.logDir.resolve(memberName(i) + ".log");
        Thread.ofPlatform().daemon().name("mp4j-local-member-" + i).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    w.write(line);
                    w.write('\n');
                    w.flush();
                    if (line.startsWith("mp4j member ready")) ready.complete(null);
                }
            } catch (IOException e) {
                // the member was killed
            }
            ready.completeExceptionally(new IllegalStateException("member " + memberName(i) + " ended before it was ready; see " + log));
        });
        return ready;
    }

    private static void await(List<CompletableFuture<Void>> ready) throws IOException, InterruptedException {
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("members not ready within 60 s", e);
        }
    }

    /**
     * SIGKILLs member {@code i} (its worker JVMs end with it) and waits for its end.
     *
     * @param i the member's index
     * @throws InterruptedException if interrupted while waiting
     */
    public void kill(int i) throws InterruptedException {
        Process p = members[i];
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("member " + i + " survived SIGKILL for 30 s");
    }

    /** {@return the processes of this cluster still alive (members, and worker JVMs, named after their member)} */
    public List<String> leftovers() {
        List<String> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(h -> {
            if (h.pid() == ProcessHandle.current().pid()) return;
            try {
                String cmd = new String(Files.readAllBytes(Path.of("/proc/" + h.pid() + "/cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ');
                if (cmd.contains(name) && h.isAlive() && !zombie(h.pid())) out.add(h.pid() + " " + cmd);
            } catch (IOException e) {
                // gone meanwhile
            }
        });
        return out;
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Stops every member (SIGTERM, then SIGKILL after 20 s) and waits, up to 20 s, until no process of the cluster
     * is left.
     *
     * @throws IllegalStateException if a process was left (it has been killed)
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public void close() throws InterruptedException {
        try {
            stopMembers();
        } finally {
            for (int i = 0; i < members.length; i++) CacheFiles.deleteTree(options.cacheDir.resolve(memberName(i)));
        }
    }

    private void stopMembers() throws InterruptedException {
        for (Process p : members) if (p != null && p.isAlive()) p.destroy();
        for (Process p : members) {
            if (p != null && !p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        // worker JVMs end with their member (their control channel closes): a bounded moment for that
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> left = leftovers();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = leftovers();
        }
        for (String l : left) ProcessHandle.of(Long.parseLong(l.substring(0, l.indexOf(' ')))).ifPresent(ProcessHandle::destroyForcibly);
        if (!left.isEmpty()) throw new IllegalStateException("processes of cluster " + name + " were left alive (now killed): " + left);
    }

    /** A member's log: {@code <prefix>-<pid>-<8 hex digits>-m<index>.log} (see {@link #memberName}). */
    private static final java.util.regex.Pattern MEMBER_LOG = java.util.regex.Pattern.compile(".+-\\d+-[0-9a-f]{8}-m\\d+\\.log");

    /**
     * Member logs a week old or more: only a later cluster would delete them. Only files named as member logs: the
     * directory may be the user's own.
     */
    static void deleteOldLogs(Path dir) {
        long before = System.currentTimeMillis() - LOG_KEEP.toMillis();
        try (var logs = Files.newDirectoryStream(dir, "*.log")) {
            for (Path log : logs) {
                if (!MEMBER_LOG.matcher(log.getFileName().toString()).matches()) continue;
                try {
                    if (Files.getLastModifiedTime(log).toMillis() < before) Files.deleteIfExists(log);
                } catch (IOException e) {
                    // another cluster deleted it first, or it is not ours to delete
                }
            }
        } catch (IOException e) {
            // nothing to prune
        }
    }

    /** Builds and starts a {@link LocalCluster}. Not thread-safe. */
    public static final class Builder {
        private String prefix = "mp4j-local";
        private int workers = 2;
        private List<String> jvmOptions = List.of("-Xmx256m", "-XX:+UseSerialGC");
        private Path cacheDir = Path.of(System.getProperty("java.io.tmpdir"), "mp4j-local-cluster");
        private Path logDir = Path.of(System.getProperty("java.io.tmpdir"), "mp4j-local-cluster", "logs");
        private Duration failureDetection = Duration.ofSeconds(3);
        private Duration clientTimeout = Duration.ofSeconds(5);

        private Builder() {}

        /**
         * Sets the start of the cluster's name (the rest is this process's id and a random suffix).
         *
         * @param prefix the prefix; default {@code mp4j-local}
         * @return this builder
         */
        public Builder namePrefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /**
         * Sets each member's {@code --workers}; default 2.
         *
         * @param n the capacity of each member
         * @return this builder
         */
        public Builder workers(int n) {
            this.workers = n;
            return this;
        }

        /**
         * Sets the members' JVM options; default {@code -Xmx256m -XX:+UseSerialGC}.
         *
         * @param options the options
         * @return this builder
         */
        public Builder jvmOptions(String... options) {
            this.jvmOptions = List.of(options);
            return this;
        }

        /**
         * Sets where each member keeps its class path cache (a directory per member below it).
         *
         * @param dir the directory; default {@code $TMPDIR/mp4j-local-cluster}
         * @return this builder
         */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        /**
         * Sets where each member's output goes ({@code <member name>.log}).
         *
         * @param dir the directory; default {@code $TMPDIR/mp4j-local-cluster/logs}
         * @return this builder
         */
        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        /**
         * Sets the members' {@code --failure-detection} and {@code --client-timeout}; defaults 3 s and 5 s (short,
         * for tests).
         *
         * @param failureDetection how long a silent member stays in the cluster
         * @param clientTimeout how long a silent client keeps its sessions and locks
         * @return this builder
         */
        public Builder timeouts(Duration failureDetection, Duration clientTimeout) {
            this.failureDetection = failureDetection;
            this.clientTimeout = clientTimeout;
            return this;
        }

        /**
         * Starts {@code n} member JVMs: the first alone, then the others at once (they join it), each up to 60 s.
         *
         * @param n how many members
         * @return the running cluster
         * @throws IOException if a member cannot start (its log is named)
         * @throws InterruptedException if interrupted while waiting; what was started is stopped
         */
        public LocalCluster start(int n) throws IOException, InterruptedException {
            if (n < 1) throw new IllegalArgumentException("at least one member");
            LocalCluster c = new LocalCluster(this, n);
            try {
                await(List.of(c.launch(0)));
                List<CompletableFuture<Void>> rest = new ArrayList<>();
                for (int i = 1; i < n; i++) rest.add(c.launch(i));
                await(rest);
                return c;
            } catch (IOException | InterruptedException | RuntimeException | Error e) {
                try {
                    c.close();
                } catch (IllegalStateException | InterruptedException x) {
                    e.addSuppressed(x);
                }
                throw e;
            }
        }
    }
}
