package org.multiprocessing4j.hazelcast.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.CacheFiles;

/**
 * The client's machinery behind {@code Cluster}: the Hazelcast client, the sessions with the members' worker hosts,
 * member selection for new workers, class path shipping, and the heartbeat/timeout ticker.
 */
public final class ClusterClient implements AutoCloseable {
    /** How long a member may take to answer a worker start (it may fetch the class path first). */
    static final long ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    public final HazelcastInstance hz;
    final Secrets secrets;
    final String description;
    final ScheduledExecutorService scheduler;
    final ClassPathShipper shipper;
    final Path workDir;
    private final long connectTimeoutNanos;
    final long memberTimeoutNanos;
    final long memberWaitNanos;
    final int lossRetries;
    private final Map<String, MemberSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Long> unreachableUntil = new ConcurrentHashMap<>();
    private final AtomicLong workerIds = new AtomicLong();
    private final Signal membership = new Signal();
    private volatile boolean closed;

    public ClusterClient(String clusterName, List<String> members, byte[] secret, Duration connectTimeout,
                         Duration memberTimeout, Duration memberWait, int lossRetries, Duration holderTimeout) throws IOException {
        this.secrets = Secrets.of(secret);
        this.connectTimeoutNanos = connectTimeout.toNanos();
        this.memberTimeoutNanos = memberTimeout.toNanos();
        this.memberWaitNanos = memberWait.toNanos();
        this.lossRetries = lossRetries;
        this.description = "pid " + ProcessHandle.current().pid();
        // named with the pid, so that the next client removes it if this JVM is killed before it can
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        CacheFiles.removeOrphans(tmp, "mp4j-cluster-");
        this.workDir = Files.createTempDirectory(tmp, "mp4j-cluster-" + ProcessHandle.current().pid() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        this.shipper = new ClassPathShipper(workDir);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("mp4j-cluster-client").unstarted(r));
        HazelcastInstance h;
        try {
            h = HazelcastClient.newHazelcastClient(HzConfigs.client(clusterName, members, connectTimeout, memberTimeout));
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            deleteWorkDir();
            throw new IOException("cannot connect to cluster '" + clusterName + "' at " + members + " within "
                    + connectTimeout.toSeconds() + " s: " + e.getMessage(), e);
        }
        this.hz = h;
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                membershipChanged();
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                MemberSession s = sessions.get(e.getMember().getUuid().toString());
                if (s != null) s.lost("left the cluster");
                membershipChanged();
            }
        });
        scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        this.holderId = hz.getLocalEndpoint().getUuid().toString();
        long ttl = holderTimeout.toMillis();
        IMap<String, Boolean> holders = hz.getMap(HzConfigs.HOLDERS);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                holders.setAsync(holderId, Boolean.TRUE, ttl, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                // disconnected: the next refresh tries again
            }
        }, 0, Math.max(500, ttl / 4), TimeUnit.MILLISECONDS);
    }

    /** This client's identity as a semaphore holder: its Hazelcast endpoint UUID. */
    public final String holderId;
    private final Map<String, Signal> signals = new ConcurrentHashMap<>();

    /** The MACs that seal and check the elements of a cluster queue (one per queue object). */
    public Secrets.QueueMac queueMac(String queue) {
        return secrets.forQueue(queue);
    }

    /**
     * A version that wakes waiters when it changes: of a semaphore's entry anywhere in the cluster, or of this
     * client's view of the membership.
     */
    public static final class Signal {
        private long version;

        synchronized void bump() {
            version++;
            notifyAll();
        }

        /** Waits until the version differs from {@code seen}, at most {@code nanos}. */
        public synchronized void await(long seen, long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            while (version == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        public synchronized long seen() {
            return version;
        }
    }

    /** The change signal of a semaphore (one entry listener per name and client). */
    public Signal signal(String semaphore) {
        return signals.computeIfAbsent(semaphore, name -> {
            Signal sig = new Signal();
            IMap<String, Semaphores.State> map = hz.getMap(HzConfigs.SEMAPHORES);
            map.addEntryListener((com.hazelcast.map.listener.EntryUpdatedListener<String, Semaphores.State>) e -> sig.bump(),
                    name, false);
            return sig;
        });
    }

    private void membershipChanged() {
        membership.bump();
    }

    private void tick() {
        long now = System.nanoTime();
        for (MemberSession s : sessions.values()) s.tick(now, memberTimeoutNanos);
    }

    void sessionLost(MemberSession s) {
        sessions.remove(s.memberUuid, s);
        membershipChanged();
    }

    /** A worker host of the cluster: a member that published its worker port. */
    public record HostMember(String uuid, String name, InetSocketAddress address, int capacity) {}

    /** The members that host workers, now. */
    public List<HostMember> hostMembers() {
        List<HostMember> out = new ArrayList<>();
        if (closed) return out;
        for (Member m : hz.getCluster().getMembers()) {
            String port = m.getAttribute(HzConfigs.ATTR_PORT);
            String host = m.getAttribute(HzConfigs.ATTR_HOST);
            if (port == null || host == null) continue;
            String workers = m.getAttribute(HzConfigs.ATTR_WORKERS);
            String name = m.getAttribute(HzConfigs.ATTR_NAME);
            out.add(new HostMember(m.getUuid().toString(), name == null ? host + ":" + port : name,
                    new InetSocketAddress(host, Integer.parseInt(port)), workers == null ? 1 : Integer.parseInt(workers)));
        }
        return out;
    }

    /** The sum of the worker hosts' capacities (their {@code --workers}), at least 1. */
    public int capacity() {
        int c = 0;
        for (HostMember m : hostMembers()) c += m.capacity();
        return Math.max(1, c);
    }

    /**
     * Starts a worker on the least loaded member (hosted workers per capacity, from the cluster's load map and
     * this client's own count), waiting up to the member wait for one to be there.
     */
    RemoteHost startWorker(WorkerSpec spec, java.util.function.Supplier<WorkerSpec> reship) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + memberWaitNanos;
        String last = null;
        boolean reshipped = false;
        while (true) {
            if (closed) throw new IOException("the cluster client is closed");
            long version = membership.seen();
            List<HostMember> candidates = new ArrayList<>();
            long now = System.nanoTime();
            for (HostMember m : hostMembers()) {
                Long until = unreachableUntil.get(m.uuid());
                if (until == null || until - now < 0) candidates.add(m);
            }
            if (!candidates.isEmpty()) {
                HostMember m = leastLoaded(candidates);
                try {
                    MemberSession s = session(m);
                    return s.startWorker(workerIds.incrementAndGet(), spec, workDir, lossRetries);
                } catch (Protocol.Refused r) {
                    if (r.code == Protocol.E_CLASS_PATH && !reshipped) {
                        reshipped = true;
                        spec = reship.get();
                        continue;
                    }
                    if (r.code == Protocol.E_CLOSING || r.code == Protocol.E_NO_SESSION) {
                        last = r.getMessage();
                        unreachableUntil.put(m.uuid(), System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
                        continue;
                    }
                    throw new IOException(r.getMessage(), r);
                } catch (org.multiprocessing4j.connection.AuthenticationException e) {
                    throw new IOException("member " + m.name() + " (" + m.address() + ") refused this client: "
                            + e.getMessage() + " (clients and members must share the cluster secret)", e);
                } catch (IOException e) {
                    last = "member " + m.name() + " (" + m.address() + "): " + e.getMessage();
                    unreachableUntil.put(m.uuid(), System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
                    MemberSession s = sessions.get(m.uuid());
                    if (s != null) s.lost("could not be reached (" + e.getMessage() + ")");
                    continue;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no cluster member could start a worker within " + TimeUnit.NANOSECONDS.toSeconds(memberWaitNanos)
                        + " s (member wait): " + (last != null ? "last failure: " + last
                        : "the cluster has no member running a multiprocessing4j worker host (members: "
                        + hz.getCluster().getMembers().size() + ")"));
            }
            membership.await(version, Math.min(left, 500_000_000L));
        }
    }

    private HostMember leastLoaded(List<HostMember> candidates) {
        // the members' published counts, if the cluster answers promptly; this client's own counts otherwise
        Map<String, Integer> published = new java.util.HashMap<>();
        try {
            IMap<String, Integer> map = hz.getMap(HzConfigs.LOAD);
            Map<String, CompletableFuture<Integer>> asks = new java.util.HashMap<>();
            for (HostMember m : candidates) asks.put(m.uuid(), map.getAsync(m.uuid()).toCompletableFuture());
            CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new)).get(500, TimeUnit.MILLISECONDS);
            asks.forEach((k, f) -> {
                Integer v = f.getNow(null);
                if (v != null) published.put(k, v);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // unreachable or slow: place by this client's own counts
        }
        Map<String, Integer> mine = new java.util.HashMap<>();
        for (HostMember m : candidates) {
            MemberSession s = sessions.get(m.uuid());
            mine.put(m.uuid(), s == null ? 0 : s.workers());
        }
        // fewest hosted workers per capacity; among equals, fewest of this client's
        return candidates.stream().min(Comparator.<HostMember>comparingDouble(m ->
                        (Math.max(mine.get(m.uuid()), published.getOrDefault(m.uuid(), 0)) + 0.5) / m.capacity())
                .thenComparingInt(m -> mine.get(m.uuid()))).orElseThrow();
    }

    private MemberSession session(HostMember m) throws IOException {
        MemberSession s = sessions.get(m.uuid());
        if (s != null && !s.isLost()) return s;
        synchronized (sessions) {
            s = sessions.get(m.uuid());
            if (s != null && !s.isLost()) return s;
            s = MemberSession.open(this, m.uuid(), m.address());
            sessions.put(m.uuid(), s);
            return s;
        }
    }

    /** I/O that may wait for a member: bounded, closing {@code c} (or the connection being opened) when late. */
    <T> T bounded(Connection c, IoCall<T> call) throws IOException {
        if (c != null) {
            ScheduledFuture<?> guard = scheduler.schedule(c::close, ANSWER_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
            try {
                return call.call();
            } catch (ClosedChannelException e) {
                throw new IOException("no answer within " + TimeUnit.NANOSECONDS.toSeconds(ANSWER_TIMEOUT_NANOS) + " s", e);
            } finally {
                guard.cancel(false);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().name("mp4j-cluster-connect").start(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(connectTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.thenAccept(v -> {
                if (v instanceof Connection late) late.close();
            });
            throw new IOException("cannot connect within " + TimeUnit.NANOSECONDS.toSeconds(connectTimeoutNanos) + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.thenAccept(v -> {
                if (v instanceof Connection late) late.close();
            });
            throw new java.io.InterruptedIOException("interrupted while connecting");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        }
    }

    /** An I/O call. */
    interface IoCall<T> {
        T call() throws IOException;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (MemberSession s : List.copyOf(sessions.values())) s.close();
        // a client that ends normally returns its permits now rather than after its holder timeout (bounded: if the
        // cluster is gone, the members return them when the holder entry expires)
        Thread release = Thread.ofVirtual().start(() -> {
            try {
                IMap<String, Semaphores.State> semaphores = hz.getMap(HzConfigs.SEMAPHORES);
                semaphores.executeOnEntries(new Semaphores.Op(Semaphores.RELEASE_HOLDER, 0, holderId));
                hz.getMap(HzConfigs.HOLDERS).delete(holderId);
            } catch (RuntimeException e) {
                // unreachable
            }
        });
        try {
            release.join(java.time.Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        try {
            hz.shutdown();
        } catch (RuntimeException e) {
            // already down
        }
        deleteWorkDir();
        membershipChanged();
    }

    private void deleteWorkDir() {
        CacheFiles.deleteTree(workDir);
    }
}
