package org.multiprocessing4j.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.hazelcast.internal.ClusterClient;
import org.multiprocessing4j.hazelcast.internal.ClusterLauncher;
import org.multiprocessing4j.internal.pool.Launch;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.ProcessPoolExecutor;

/**
 * A connection to a multiprocessing4j cluster: Hazelcast Community Edition members that each run a worker host
 * ({@code bin/member}, or {@link ClusterMember} in-process). The same {@link Pool} and {@link ProcessPoolExecutor}
 * code runs on it by changing one line, the context:
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.connect(ClusterConfig.builder()
 *         .clusterName("demo").members("10.0.0.1:5701").secretFromEnvironment().build());
 *      Pool pool = Pool.builder().context(cluster.context()).processes(cluster.capacity()).build()) {
 *     List<Integer> squares = pool.map(Squares::square, inputs);      // ordered, chunked, on the members
 * }
 * }</pre>
 *
 * <p><b>Where tasks run.</b> Each pool worker is a worker JVM on a member, started with the context's JVM settings
 * and this client's class path, which is shipped through the cluster (content-addressed, cached by each member:
 * no deployment step). The pool's dispatcher is the local one, so ordered {@code map}/{@code imap}, chunksize,
 * callbacks, task timeouts (the worker is killed on its member), cancellation, worker replacement and progress
 * behave as with local worker JVMs. New workers go to the member with the fewest workers per capacity.
 *
 * <p><b>Lost members.</b> A member that crashes, leaves, or is silent longer than the member timeout is lost: its
 * tasks are retried elsewhere or fail with {@link MemberLostException}, per the {@link MemberLossPolicy}, and its
 * workers are replaced on the other members. With no member left, starting a worker fails after the member wait,
 * which breaks the pool ({@link org.multiprocessing4j.pool.BrokenProcessPoolException}): no call waits forever.
 *
 * <p><b>Security.</b> Every connection between this client and a worker host proves the shared secret (mutual
 * HMAC challenge) before anything is read from it; queue elements carry a MAC under a key derived from it. Traffic is
 * not encrypted, and Hazelcast's own protocol (Community Edition) is not authenticated beyond the cluster name:
 * run members and clients on a private network or a VPN (see the module's documentation).
 *
 * <p>Thread-safe. {@link #close()} ends this client's workers on every member (their tasks are lost: close the
 * pools first) and disconnects.
 */
public final class Cluster implements AutoCloseable {
    private final ClusterClient client;
    private final ClusterConfig config;
    private final Context context;
    private volatile boolean closed;

    private Cluster(ClusterClient client, ClusterConfig config) {
        this.client = client;
        this.config = config;
        this.context = config.context.toBuilder().build();
        Launch.register(context, (ctx, jvmOptions) -> new ClusterLauncher(client, ctx, jvmOptions));
    }

    /**
     * Connects to a cluster (as a Hazelcast client), waiting up to the connect timeout.
     *
     * @param config where and how
     * @return the connected cluster
     * @throws IOException if no member can be reached within the connect timeout
     */
    public static Cluster connect(ClusterConfig config) throws IOException {
        return new Cluster(new ClusterClient(config.clusterName, config.members, config.secret, config.connectTimeout,
                config.memberTimeout, config.memberWait, config.maxRetries, config.holderTimeout), config);
    }

    /**
     * The context whose pools run on this cluster: give it to {@code Pool.builder().context(...)} or
     * {@code ProcessPoolExecutor.builder().context(...)}. It has the settings of {@link ClusterConfig#context()}; a
     * context derived from it with {@code toBuilder()} is a local one again, and a {@code JvmProcess} started with
     * it runs on this machine.
     *
     * @return the cluster context
     */
    public Context context() {
        return context;
    }

    /**
     * A pool with {@link #capacity()} workers on the cluster.
     *
     * @return the pool; its workers start now
     */
    public Pool pool() {
        return pool(capacity());
    }

    /**
     * A pool with {@code processes} workers on the cluster.
     *
     * @param processes the number of workers
     * @return the pool; its workers start now
     */
    public Pool pool(int processes) {
        return Pool.builder().context(context).processes(processes).build();
    }

    /**
     * An executor with up to {@code maxWorkers} workers on the cluster, started on demand.
     *
     * @param maxWorkers the maximum number of workers
     * @return the executor
     */
    public ProcessPoolExecutor executor(int maxWorkers) {
        return ProcessPoolExecutor.builder().context(context).maxWorkers(maxWorkers).build();
    }

    /**
     * The cluster-wide FIFO queue of this name, unbounded.
     *
     * @param <E> the element type
     * @param name the queue's name (shared by every client of the cluster)
     * @return the queue
     */
    public <E> ClusterQueue<E> queue(String name) {
        return new ClusterQueue<>(client, name, 0, config.context.codec());
    }

    /**
     * The cluster-wide FIFO queue of this name, bounded to {@code capacity} elements. The first client to create
     * the queue sets its bound; asking for another bound fails.
     *
     * @param <E> the element type
     * @param name the queue's name
     * @param capacity the most elements it holds
     * @return the queue
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     * @throws IllegalStateException if the queue exists with another bound
     */
    public <E> ClusterQueue<E> queue(String name, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        return new ClusterQueue<>(client, name, capacity, config.context.codec());
    }

    /**
     * The cluster-wide lock of this name (see {@link ClusterLock} for its guarantees).
     *
     * @param name the lock's name
     * @return the lock
     */
    public ClusterLock lock(String name) {
        return new ClusterLock(client, name);
    }

    /**
     * The cluster-wide semaphore of this name, created with {@code permits} permits if it does not exist yet
     * (see {@link ClusterSemaphore} for its guarantees).
     *
     * @param name the semaphore's name
     * @param permits the initial permits, used only if the semaphore is created now
     * @return the semaphore
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public ClusterSemaphore semaphore(String name, int permits) {
        return new ClusterSemaphore(client, name, permits);
    }

    /** {@return the sum of the worker hosts' capacities (each member's {@code --workers}), at least 1} */
    public int capacity() {
        return client.capacity();
    }

    /** {@return the names of the members that host workers now, sorted} */
    public List<String> members() {
        List<String> out = new ArrayList<>();
        for (ClusterClient.HostMember m : client.hostMembers()) out.add(m.name());
        java.util.Collections.sort(out);
        return out;
    }

    /** {@return the Hazelcast client underneath, for the data structures this class does not wrap} */
    public HazelcastInstance hazelcast() {
        return client.hz;
    }

    /** Ends this client's workers on every member, returns its semaphore permits, and disconnects. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Launch.unregister(context);
        client.close();
    }
}
