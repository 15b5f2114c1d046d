package org.multiprocessing4j.hazelcast.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.internal.connection.ListenerAccess;
import org.multiprocessing4j.internal.pool.Launch;

/**
 * A member's worker host: accepts clients on its own TCP listener (every connection proves the cluster secret
 * first), keeps their sessions, and starts worker JVMs for them with the class path they shipped, relaying each
 * worker's pool protocol. Publishes how many workers it hosts in the cluster's {@link HzConfigs#LOAD} map.
 */
public final class WorkerHost implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorkerHost.class.getName());

    final String name;
    private final Listener listener;
    private final JarCache jars;
    private final Path workDir;
    private final long clientTimeoutNanos;
    private final IMap<String, Integer> load;
    private final String uuid;
    private final List<Path> provided;
    private final Map<String, HostSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger hosted = new AtomicInteger();
    private final Map<List<Object>, Context> contexts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Context> e) {
            return size() > 32;
        }
    };
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("mp4j-worker-host-ticker").unstarted(r));
    private volatile boolean closing;
    private Thread acceptor;

    public WorkerHost(String name, Listener listener, HazelcastInstance hz, Path cacheDir, long cacheLimit,
                      Path workDir, long clientTimeoutNanos) throws IOException {
        this.name = name;
        this.listener = listener;
        this.jars = new JarCache(cacheDir, hz.getMap(HzConfigs.JARS), cacheLimit);
        this.workDir = java.nio.file.Files.createDirectories(workDir);
        this.clientTimeoutNanos = clientTimeoutNanos;
        this.load = hz.getMap(HzConfigs.LOAD);
        this.uuid = hz.getCluster().getLocalMember().getUuid().toString();
        this.provided = new ArrayList<>(ClassPathShipper.provided());
    }

    public void start() {
        load.set(uuid, 0);
        acceptor = Thread.ofPlatform().daemon().name("mp4j-worker-host-accept").start(this::acceptLoop);
        ticker.scheduleWithFixedDelay(this::tick, Protocol.STATE_POLL_NANOS, Protocol.STATE_POLL_NANOS, TimeUnit.NANOSECONDS);
    }

    /** Workers hosted now. */
    public int hosted() {
        return hosted.get();
    }

    private void acceptLoop() {
        while (!closing) {
            Connection c;
            try {
                c = ListenerAccess.acceptUnauthenticated(listener);
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                if (closing) return;
                LOG.log(Level.WARNING, "worker host: accept failed: " + e);
                continue;
            }
            Thread.ofVirtual().name("mp4j-worker-host-hello").start(() -> serve(c));
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (HostSession s : sessions.values()) {
            try {
                s.tick(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "worker host: session " + s.id + " report failed", e);
            }
        }
    }

    private void serve(Connection c) {
        try {
            ListenerAccess.authenticate(listener, c);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "worker host " + name + ": refused a connection from " + listener.lastAccepted() + ": " + e.getMessage());
            c.close();
            return;
        }
        try {
            Msg.In hello = Protocol.read(c);
            String magic = hello.s();
            int version = hello.i();
            String fingerprint = hello.s();
            if (!Protocol.MAGIC.equals(magic) || version != Protocol.VERSION) {
                refuse(c, Protocol.E_VERSION, "member " + name + " speaks cluster protocol " + Protocol.VERSION
                        + ", the client " + version + ": run the same multiprocessing4j build on clients and members");
                return;
            }
            if (!BuildFingerprint.get().equals(fingerprint)) {
                refuse(c, Protocol.E_VERSION, "member " + name + " runs multiprocessing4j build " + BuildFingerprint.get()
                        + ", the client build " + fingerprint + ": run the same build on clients and members");
                return;
            }
            if (closing) {
                refuse(c, Protocol.E_CLOSING, "member " + name + " is shutting down");
                return;
            }
            switch (hello.type) {
                case Protocol.HELLO_SESSION -> {
                    hello.s(); // the client's description ("pid N"): read, as the hello carries it, but not used
                    openSession(c);
                }
                case Protocol.HELLO_WORKER -> startWorker(c, hello.s(), hello.l(), WorkerSpec.read(hello));
                default -> refuse(c, Protocol.E_BAD, "unknown hello " + hello.type);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "worker host " + name + ": bad request: " + e);
            c.close();
        }
    }

    private static void refuse(Connection c, int code, String message) {
        try {
            Protocol.send(c, Protocol.error(code, message));
        } catch (IOException e) {
            // the client is gone
        }
        c.close();
    }

    private void openSession(Connection c) throws IOException {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        HostSession s = new HostSession(HexFormat.of().formatHex(id), c, this, clientTimeoutNanos);
        sessions.put(s.id, s);
        Protocol.send(c, new Msg.Out(Protocol.OK).s(s.id).s(name));
        s.start();
    }

    void sessionClosed(HostSession s) {
        sessions.remove(s.id, s);
    }

    private void startWorker(Connection c, String sessionId, long workerId, WorkerSpec spec) throws IOException {
        HostSession s = sessions.get(sessionId);
        if (s == null || s.isClosed()) {
            refuse(c, Protocol.E_NO_SESSION, "member " + name + " has no session " + sessionId);
            return;
        }
        List<Path> cp;
        try {
            cp = jars.resolve(spec.classPath());
        } catch (JarCache.Missing e) {
            refuse(c, Protocol.E_CLASS_PATH, e.getMessage());
            return;
        } catch (IOException e) {
            refuse(c, Protocol.E_START, "member " + name + " cannot get the client's class path: " + e.getMessage());
            return;
        }
        Launch.Launched l;
        try {
            l = Launch.jvm(context(spec, cp), spec.jvmOptions()).launch(0);
        } catch (Exception e) {
            jars.release(spec.classPath());
            refuse(c, Protocol.E_START, "member " + name + " cannot start a worker JVM: " + e);
            return;
        }
        WorkerRelay r = new WorkerRelay(s, workerId, c, l, () -> jars.release(spec.classPath()));
        publishLoad(hosted.incrementAndGet());
        s.add(r);
        try {
            Protocol.send(c, new Msg.Out(Protocol.OK).l(l.host().pid()));
        } catch (IOException e) {
            // the client is gone: the relay ends the worker
        }
        r.start();
    }

    /** Published before the client hears of the end (synchronously), so that its replacement sees the new count. */
    void workerEnded() {
        int count = hosted.decrementAndGet();
        try {
            load.set(uuid, count);
        } catch (RuntimeException e) {
            // the member is shutting down: nothing to publish
        }
    }

    private void publishLoad(int count) {
        try {
            load.setAsync(uuid, count);
        } catch (RuntimeException e) {
            // the member is shutting down: nothing to publish
        }
    }

    private Context context(WorkerSpec spec, List<Path> shipped) {
        List<Object> key = List.of(spec, shipped);
        synchronized (contexts) {
            Context c = contexts.get(key);
            if (c != null) return c;
        }
        List<Path> cp = new ArrayList<>(provided);
        cp.addAll(shipped);
        StringBuilder names = new StringBuilder();
        for (WorkerSpec.JarRef r : spec.classPath()) names.append(names.isEmpty() ? "" : ", ").append(r.name());
        Context.Builder b = Context.builder().classPath(cp).workingDirectory(workDir)
                .tunedWorkerFlags(spec.tunedWorkerFlags()).aotCache(spec.aotCache())
                .maxMessageSize(spec.maxMessageSize()).codec(new ClusterCodec());
        spec.systemProperties().forEach(b::systemProperty);
        spec.environment().forEach(b::environment);
        b.systemProperty(ClusterCodec.MEMBER_PROPERTY, name);
        b.systemProperty(ClusterCodec.SHIPPED_PROPERTY, names.isEmpty() ? "(nothing)" : names.toString());
        if (!spec.codecClass().isEmpty()) b.systemProperty(ClusterCodec.CODEC_PROPERTY, spec.codecClass());
        Context c = b.build();
        synchronized (contexts) {
            contexts.put(key, c);
        }
        return c;
    }

    /** Stops accepting, ends every session's workers (reporting their ends), bounded by a few seconds. */
    @Override
    public void close() {
        closing = true;
        listener.close();
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (HostSession s : sessions.values()) ts.add(Thread.ofPlatform().daemon().start(() -> s.shutdown(deadline)));
        for (Thread t : ts) {
            try {
                t.join(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ticker.shutdownNow();
    }
}
