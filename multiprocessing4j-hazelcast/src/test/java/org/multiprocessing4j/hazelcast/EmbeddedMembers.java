package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test support: members in this JVM ({@link ClusterMember}, the embedded mode), on loopback, with a cluster name
 * unique per run. Their worker JVMs are children of this JVM: none may be left once they are closed.
 */
final class EmbeddedMembers implements AutoCloseable {
    final String name;
    final byte[] secret;
    final List<ClusterMember> members = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();

    EmbeddedMembers(int n) throws Exception {
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        name = "mp4j-embedded-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(id);
        secret = ("secret-of-" + name).getBytes();
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            ports[i] = LocalCluster.freePort();
            addresses.add("127.0.0.1:" + ports[i]);
        }
        try {
            for (int i = 0; i < n; i++) {
                members.add(ClusterMember.start(MemberConfig.builder().clusterName(name).secret(secret).port(ports[i])
                        .members(addresses).workers(2).name(name + "-m" + i)
                        .cacheDir(Path.of("target", "cluster-cache", name + "-m" + i).toAbsolutePath())
                        .failureDetection(Duration.ofSeconds(3)).clientTimeout(Duration.ofSeconds(5)).build()));
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    ClusterConfig.Builder client() {
        return Clusters.shortTimeouts(ClusterConfig.builder().clusterName(name).members(addresses.toArray(String[]::new))
                .secret(secret));
    }

    @Override
    public void close() throws Exception {
        for (ClusterMember m : members) m.close();
        List<ProcessHandle> left = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        do {
            left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().orElse("").contains(name)).toList();
            if (!left.isEmpty()) Thread.sleep(100);
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        left.forEach(ProcessHandle::destroyForcibly);
        assertEquals(List.of(), left.stream().map(ProcessHandle::pid).toList(), "worker JVMs left alive (now killed)");
    }
}
