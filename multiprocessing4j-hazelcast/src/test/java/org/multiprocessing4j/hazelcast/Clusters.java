package org.multiprocessing4j.hazelcast;

import java.nio.file.Path;
import java.time.Duration;

/** Test support: member JVMs on loopback ({@link LocalCluster}) and client timeouts short enough for tests. */
final class Clusters {
    private Clusters() {}

    static final Path CACHE = Path.of("target", "cluster-cache").toAbsolutePath();

    /** Starts {@code n} member JVMs of 2 workers each; logs in target/cluster-logs. */
    static LocalCluster start(int n) throws Exception {
        return LocalCluster.builder().namePrefix("mp4j-test").workers(2)
                .jvmOptions("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                .cacheDir(CACHE)
                .logDir(Path.of("target", "cluster-logs").toAbsolutePath()).start(n);
    }

    static ClusterConfig.Builder client(LocalCluster members) {
        return shortTimeouts(members.client());
    }

    static ClusterConfig.Builder shortTimeouts(ClusterConfig.Builder b) {
        return b.connectTimeout(Duration.ofSeconds(20)).memberTimeout(Duration.ofSeconds(4))
                .memberWait(Duration.ofSeconds(6)).holderTimeout(Duration.ofSeconds(3));
    }
}
