package org.multiprocessing4j.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.hazelcast.internal.HzConfigs;
import org.multiprocessing4j.hazelcast.internal.Secrets;
import org.multiprocessing4j.hazelcast.internal.Semaphores;
import org.multiprocessing4j.hazelcast.internal.WorkerHost;

/**
 * A cluster member running in this JVM: a Hazelcast Community Edition member that joins the cluster, plus the
 * worker host that starts worker JVMs for clients' pools. {@code bin/member} runs one per machine; tests and
 * single-machine programs can run members in-process ("embedded") with {@link #start(MemberConfig)}.
 *
 * <p>The worker host listens on its own TCP port; every connection to it must prove the cluster secret (mutual
 * HMAC challenge) before the member reads anything else from it. Hazelcast's Java deserialization is restricted to
 * an allow-list (the JDK, Hazelcast, this module's data types); our own messages are never Java-serialized.
 * Worker JVMs are children of this JVM and end with it, however it ends.
 */
public final class ClusterMember implements AutoCloseable {
    private final MemberConfig config;
    private final HazelcastInstance hz;
    private final WorkerHost host;
    private final InetSocketAddress workerAddress;
    private volatile boolean closed;

    private ClusterMember(MemberConfig config, HazelcastInstance hz, WorkerHost host, InetSocketAddress workerAddress) {
        this.config = config;
        this.hz = hz;
        this.host = host;
        this.workerAddress = workerAddress;
    }

    /**
     * Starts a member: binds the worker host's port, starts Hazelcast (joining the members configured), then
     * accepts clients.
     *
     * @param config the member's settings
     * @return the running member
     * @throws IOException if a port cannot be bound or the cache directory cannot be made
     * @throws IllegalStateException if Hazelcast cannot start (its message says why)
     */
    public static ClusterMember start(MemberConfig config) throws IOException {
        Secrets secrets = Secrets.of(config.secret);
        Listener listener = Listener.bind(new InetSocketAddress(config.bindHost, config.workerPort), secrets.connectionKey());
        InetSocketAddress bound = (InetSocketAddress) listener.address();
        HazelcastInstance hz;
        try {
            Map<String, String> attrs = Map.of(HzConfigs.ATTR_HOST, config.publicHost,
                    HzConfigs.ATTR_PORT, Integer.toString(bound.getPort()),
                    HzConfigs.ATTR_WORKERS, Integer.toString(config.workers), HzConfigs.ATTR_NAME, config.name);
            hz = Hazelcast.newHazelcastInstance(HzConfigs.member(config.clusterName,
                    "mp4j-member-" + UUID.randomUUID(), config.bindHost, config.port, config.members, attrs,
                    config.failureDetection, config.clientTimeout));
        } catch (RuntimeException e) {
            listener.close();
            throw new IllegalStateException("cannot start the Hazelcast member of " + config.name + ": " + e.getMessage(), e);
        }
        WorkerHost host;
        try {
            host = new WorkerHost(config.name, listener, hz, config.cacheDir.resolve("jars"), config.cacheLimit,
                    config.cacheDir.resolve("work"), config.clientTimeout.toNanos());
        } catch (IOException | RuntimeException e) {
            listener.close();
            hz.shutdown();
            throw e;
        }
        ClusterMember m = new ClusterMember(config, hz, host, new InetSocketAddress(config.publicHost, bound.getPort()));
        m.watchHolders();
        host.start();
        return m;
    }

    /** Returns the semaphore permits of clients whose liveness entry expired (they crashed or were cut off). */
    private void watchHolders() {
        IMap<String, Boolean> holders = hz.getMap(HzConfigs.HOLDERS);
        IMap<String, Semaphores.State> semaphores = hz.getMap(HzConfigs.SEMAPHORES);
        holders.addLocalEntryListener((EntryExpiredListener<String, Boolean>) e -> Thread.ofVirtual().start(() -> {
            try {
                semaphores.executeOnEntries(new Semaphores.Op(Semaphores.RELEASE_HOLDER, 0, e.getKey()));
            } catch (RuntimeException x) {
                System.getLogger(ClusterMember.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot return the semaphore permits of lost client " + e.getKey() + ": " + x);
            }
        }));
    }

    /** {@return the member's name} */
    public String name() {
        return config.name;
    }

    /** {@return where clients reach this member's worker host} */
    public InetSocketAddress workerAddress() {
        return workerAddress;
    }

    /** {@return how many worker JVMs this member hosts now} */
    public int hostedWorkers() {
        return host.hosted();
    }

    /** {@return the addresses of the cluster's members, as this member sees them} */
    public List<String> clusterMembers() {
        List<String> out = new ArrayList<>();
        for (var m : hz.getCluster().getMembers()) out.add(m.getAddress().getHost() + ":" + m.getAddress().getPort());
        return out;
    }

    /** {@return the Hazelcast member underneath} */
    public HazelcastInstance hazelcast() {
        return hz;
    }

    /**
     * Leaves the cluster: ends the hosted workers (clients retry or fail their tasks, per their policy), then shuts
     * Hazelcast down gracefully (its data moves to the other members). Bounded; idempotent.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        host.close();
        try {
            hz.shutdown();
        } catch (RuntimeException e) {
            // already down
        }
    }
}
