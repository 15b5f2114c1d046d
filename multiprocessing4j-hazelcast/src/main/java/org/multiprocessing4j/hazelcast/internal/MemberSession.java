package org.multiprocessing4j.hazelcast.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.pool.Slot;

/**
 * A client's session with one member's worker host: starts workers there and carries their reports (running task,
 * end) and kill requests. The member reports at least every second; a member silent for the member timeout, or
 * whose session connection breaks, or that leaves the cluster, is lost: every worker it hosted for this client
 * ends with a {@link org.multiprocessing4j.internal.pool.Host.Loss}.
 */
final class MemberSession {
    final String memberUuid;
    final String name;
    final InetSocketAddress address;
    private final ClusterClient cluster;
    private final Connection conn;
    private final String sessionId;
    private final Map<Long, RemoteHost> hosts = new ConcurrentHashMap<>();
    private volatile long lastHeard = System.nanoTime();
    private volatile String lostReason;

    private MemberSession(ClusterClient cluster, String memberUuid, InetSocketAddress address, Connection conn,
                          String sessionId, String name) {
        this.cluster = cluster;
        this.memberUuid = memberUuid;
        this.address = address;
        this.conn = conn;
        this.sessionId = sessionId;
        this.name = name;
    }

    /** Opens a session; bounded by the cluster's connect timeout. */
    static MemberSession open(ClusterClient cluster, String memberUuid, InetSocketAddress address) throws IOException {
        Connection c = connect(cluster, address);
        try {
            Protocol.send(c, hello(Protocol.HELLO_SESSION).s(cluster.description));
            Msg.In ok = cluster.bounded(c, () -> Protocol.answer(c));
            MemberSession s = new MemberSession(cluster, memberUuid, address, c, ok.s(), ok.s());
            Thread.ofPlatform().daemon().name("mp4j-member-session-" + s.name).start(s::read);
            return s;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static Msg.Out hello(byte type) {
        return new Msg.Out(type).s(Protocol.MAGIC).i(Protocol.VERSION).s(BuildFingerprint.get());
    }

    private static Connection connect(ClusterClient cluster, InetSocketAddress address) throws IOException {
        return cluster.bounded(null, () -> Client.connect(address, cluster.secrets.connectionKey()));
    }

    boolean isLost() {
        return lostReason != null;
    }

    int workers() {
        return hosts.size();
    }

    /**
     * Starts a worker on this member.
     *
     * @throws Protocol.Refused if the member refuses (its message says why)
     * @throws IOException if the member cannot be reached
     */
    RemoteHost startWorker(long workerId, WorkerSpec spec, Path slotDir, int retries) throws IOException {
        if (lostReason != null) throw new IOException("member " + name + " " + lostReason);
        Connection data = connect(cluster, address);
        Path slotFile = null;
        try {
            Msg.Out hello = hello(Protocol.HELLO_WORKER).s(sessionId).l(workerId);
            spec.write(hello);
            Protocol.send(data, hello);
            long pid = cluster.bounded(data, () -> Protocol.answer(data)).l();
            slotFile = Files.createTempFile(slotDir, "w" + workerId + "-", ".slot");
            RemoteHost h = new RemoteHost(this, workerId, pid, data, Slot.map(slotFile), retries);
            hosts.put(workerId, h);
            if (lostReason != null) h.lost(lostReason, false);
            return h;
        } catch (IOException | RuntimeException e) {
            data.close();
            if (slotFile != null) Files.deleteIfExists(slotFile);
            throw e;
        }
    }

    void released(RemoteHost h) {
        hosts.remove(h.workerId, h);
    }

    /** Sends a kill or terminate request; false if the member can no longer be told. */
    boolean request(byte type, long workerId) {
        if (lostReason != null) return false;
        try {
            Protocol.send(conn, new Msg.Out(type).l(workerId)); // one frame: the connection writes it whole
            return true;
        } catch (IOException e) {
            lost("broke the session connection (" + e.getMessage() + ")");
            return false;
        }
    }

    void later(Runnable r, long nanos) {
        try {
            cluster.scheduler.schedule(r, nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            r.run(); // the client is closing: no reason to wait
        }
    }

    private void read() {
        try {
            while (true) {
                Msg.In m = Protocol.read(conn);
                lastHeard = System.nanoTime();
                switch (m.type) {
                    case Protocol.STATE -> {
                        int n = m.i();
                        for (int k = 0; k < n; k++) {
                            RemoteHost h = hosts.get(m.l());
                            long id = m.l(), elapsed = m.l();
                            if (h != null) h.mirror(id, elapsed);
                        }
                    }
                    case Protocol.DIED -> {
                        RemoteHost h = hosts.get(m.l());
                        int exit = m.i();
                        m.l(); // pid: known
                        String tail = m.s(), hsErr = m.s();
                        byte cause = m.b();
                        long slotId = m.l();
                        if (h != null) h.died(exit, tail, hsErr, cause, slotId);
                    }
                    default -> throw new IOException("unexpected message " + m.type + " from member " + name);
                }
            }
        } catch (IOException | RuntimeException e) {
            lost(lostReason != null ? lostReason : "ended the session connection (the member died, or the network failed)");
        }
    }

    /** Called every second by the client: a heartbeat, and the member's silence checked. */
    void tick(long now, long timeoutNanos) {
        if (lostReason != null) return;
        if (now - lastHeard > timeoutNanos) {
            lost("sent nothing for " + TimeUnit.NANOSECONDS.toSeconds(now - lastHeard) + " s (member timeout "
                    + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s)");
            return;
        }
        request(Protocol.PING, 0);
    }

    /** The member is gone: every worker it hosted for us ends with a loss. */
    void lost(String reason) {
        lost(reason, false);
    }

    private void lost(String reason, boolean now) {
        synchronized (this) {
            if (lostReason != null) return;
            lostReason = reason;
        }
        conn.close();
        cluster.sessionLost(this);
        for (RemoteHost h : List.copyOf(hosts.values())) h.lost(reason, now);
    }

    /** This client closes: its workers there end (the member ends them when the session connection closes). */
    void close() {
        lost("was disconnected (the cluster client closed)", true);
    }
}
