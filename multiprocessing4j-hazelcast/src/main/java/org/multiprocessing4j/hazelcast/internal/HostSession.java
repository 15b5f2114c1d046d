package org.multiprocessing4j.hazelcast.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.multiprocessing4j.connection.Connection;

/**
 * A member's side of a client's session: reports the workers' running tasks (their slots, as they change, at most
 * every {@link Protocol#STATE_POLL_NANOS}) and ends (with the cause) to the client, and at least every second a
 * heartbeat; takes kill requests. A session whose client is silent longer than the timeout, or whose connection
 * breaks, ends with all its workers.
 */
final class HostSession {
    final String id;
    private final Connection conn;
    final WorkerHost host;
    private final long timeoutNanos;
    final Map<Long, WorkerRelay> relays = new ConcurrentHashMap<>();
    private volatile long lastHeard = System.nanoTime();
    private long lastSent = System.nanoTime();
    private volatile boolean closed;

    HostSession(String id, Connection conn, WorkerHost host, long timeoutNanos) {
        this.id = id;
        this.conn = conn;
        this.host = host;
        this.timeoutNanos = timeoutNanos;
    }

    void start() {
        Thread.ofPlatform().daemon().name("mp4j-session-" + id.substring(0, 8)).start(this::read);
    }

    private void read() {
        try {
            while (!closed) {
                Msg.In m = Protocol.read(conn);
                lastHeard = System.nanoTime();
                switch (m.type) {
                    case Protocol.KILL -> {
                        WorkerRelay r = relays.get(m.l());
                        if (r != null) r.kill();
                    }
                    case Protocol.TERMINATE -> {
                        WorkerRelay r = relays.get(m.l());
                        if (r != null) r.terminate();
                    }
                    case Protocol.PING -> { }
                    default -> throw new IOException("unexpected session message " + m.type);
                }
            }
        } catch (IOException | RuntimeException e) {
            close(Protocol.END_DISCONNECTED);
        }
    }

    boolean isClosed() {
        return closed;
    }

    void add(WorkerRelay r) {
        relays.put(r.id, r);
        if (closed) r.abort(Protocol.END_DISCONNECTED);
    }

    void removed(WorkerRelay r) {
        relays.remove(r.id, r);
        synchronized (this) {
            notifyAll();
        }
    }

    /** Called by the member's ticker: reports changed slots, a heartbeat when due, and ends a silent session. */
    void tick(long now) {
        if (closed) return;
        if (now - lastHeard > timeoutNanos) {
            close(Protocol.END_DISCONNECTED);
            return;
        }
        List<long[]> changed = new ArrayList<>();
        for (WorkerRelay r : relays.values()) {
            long sid = r.worker.slot().id();
            long since = r.worker.slot().since();
            if (sid != r.reportedId || (sid > 0 && since != r.reportedSince)) {
                r.reportedId = sid;
                r.reportedSince = since;
                changed.add(new long[] {r.id, sid, sid > 0 ? Math.max(0, now - since) : 0});
            }
        }
        if (changed.isEmpty() && now - lastSent < Protocol.HEARTBEAT_NANOS) return;
        Msg.Out o = new Msg.Out(Protocol.STATE).i(changed.size());
        for (long[] c : changed) o.l(c[0]).l(c[1]).l(c[2]);
        send(o);
        lastSent = now;
    }

    void died(WorkerRelay r, int exitCode, long pid, String stderrTail, String hsErrFile, byte cause, long slotId) {
        send(new Msg.Out(Protocol.DIED).l(r.id).i(exitCode).l(pid).s(stderrTail)
                .s(hsErrFile == null ? null : host.name + ":" + hsErrFile).b(cause).l(slotId));
    }

    private void send(Msg.Out m) {
        try {
            Protocol.send(conn, m); // one frame: the connection writes it whole
        } catch (IOException e) {
            close(Protocol.END_DISCONNECTED);
        }
    }

    /** The member is shutting down: ends the workers, reports their ends (bounded), then the session. */
    void shutdown(long deadline) {
        for (WorkerRelay r : relays.values()) r.abort(Protocol.END_MEMBER_CLOSING);
        while (!relays.isEmpty() && System.nanoTime() < deadline && !closed) {
            synchronized (this) {
                try {
                    wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close(Protocol.END_MEMBER_CLOSING);
    }

    /** Ends the session and every worker in it. */
    void close(byte cause) {
        if (closed) return;
        closed = true;
        host.sessionClosed(this);
        for (WorkerRelay r : relays.values()) r.abort(cause);
        conn.close();
    }
}
