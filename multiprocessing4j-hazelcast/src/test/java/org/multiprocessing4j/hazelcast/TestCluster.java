package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
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
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.hazelcast.internal.ClassPathShipper;

/**
 * Test support: a cluster of members, each in its own JVM started with {@code MemberMain} on loopback, on
 * multiprocessing4j and Hazelcast only (the test classes reach the workers by class shipping). The cluster's name
 * is unique per run and its ports are free ones, so concurrent runs on the machine never join each other. Every
 * member JVM is reaped on {@link #close()}, and no process of the cluster (members or their worker JVMs) may be left.
 */
final class TestCluster implements AutoCloseable {
    static final Path LOGS = Path.of("target", "cluster-logs");
    /** What bin/member passes to Hazelcast's JVM (it warns without them). */
    static final List<String> HAZELCAST_JVM_ARGS = List.of("--sun-misc-unsafe-memory-access=allow", "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
    final String name;
    final byte[] secret;
    private final int[] ports;
    private final Process[] members;

    private TestCluster(int n) {
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        this.name = "mp4j-test-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(id);
        byte[] s = new byte[24];
        new SecureRandom().nextBytes(s);
        this.secret = HexFormat.of().formatHex(s).getBytes(StandardCharsets.US_ASCII);
        this.ports = new int[n];
        for (int i = 0; i < n; i++) ports[i] = freePort();
        this.members = new Process[n];
    }

    /** Starts {@code n} member JVMs: the first alone, then the others (which join it) at once. */
    static TestCluster start(int n) throws Exception {
        TestCluster c = new TestCluster(n);
        try {
            c.awaitReady(List.of(c.launch(0)));
            List<CompletableFuture<Void>> rest = new ArrayList<>();
            for (int i = 1; i < n; i++) rest.add(c.launch(i));
            c.awaitReady(rest);
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String memberName(int i) {
        return name + "-m" + i;
    }

    String address(int i) {
        return "127.0.0.1:" + ports[i];
    }

    /** A client configuration for this cluster, with timeouts short enough for tests. */
    ClusterConfig.Builder client() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) all.add(address(i));
        return ClusterConfig.builder().clusterName(name).members(all.toArray(String[]::new)).secret(secret)
                .connectTimeout(Duration.ofSeconds(20)).memberTimeout(Duration.ofSeconds(4))
                .memberWait(Duration.ofSeconds(6)).holderTimeout(Duration.ofSeconds(3));
    }

    /** Starts member {@code i}; the future completes when it has printed its ready line. */
    private CompletableFuture<Void> launch(int i) throws IOException {
        Files.createDirectories(LOGS);
        List<String> cp = new ArrayList<>();
        for (Path p : ClassPathShipper.provided()) cp.add(p.toString());
        List<String> all = new ArrayList<>();
        for (int k = 0; k < ports.length; k++) all.add(address(k));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(HAZELCAST_JVM_ARGS);
        cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, cp), MemberMain.class.getName(),
                "--cluster-name", name, "--bind", "127.0.0.1", "--port", Integer.toString(ports[i]),
                "--members", String.join(",", all), "--workers", "2", "--name", memberName(i),
                "--cache-dir", Path.of("target", "cluster-cache", memberName(i)).toAbsolutePath().toString(),
                "--failure-detection", "3", "--client-timeout", "5"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(ClusterConfig.SECRET_ENV, new String(secret, StandardCharsets.US_ASCII));
        Process p = pb.start();
        members[i] = p;
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Path log = LOGS.resolve(memberName(i) + ".log");
        Thread.ofPlatform().daemon().name("member-log-" + i).start(() -> {
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

    private void awaitReady(List<CompletableFuture<Void>> ready) throws Exception {
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    /** SIGKILLs member {@code i} and waits for it. */
    void kill(int i) throws Exception {
        Process p = members[i];
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("member " + i + " survived SIGKILL");
    }

    long pid(int i) {
        return members[i].pid();
    }

    /** Processes of this cluster still alive: members, and worker JVMs (named after their member). */
    List<String> leftovers() {
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

    /** Stops every member (SIGTERM, then SIGKILL after 20 s) and checks that no process of the cluster is left. */
    @Override
    public void close() throws Exception {
        for (Process p : members) if (p != null && p.isAlive()) p.destroy();
        for (Process p : members) {
            if (p == null) continue;
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        // worker JVMs end with their member (their control channel closes): give them a bounded moment
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> left = leftovers();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = leftovers();
        }
        for (String l : left) ProcessHandle.of(Long.parseLong(l.substring(0, l.indexOf(' ')))).ifPresent(ProcessHandle::destroyForcibly);
        assertEquals(List.of(), left, "processes of cluster " + name + " left alive (now killed)");
    }
}
