package org.multiprocessing4j.hazelcast.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.hazelcast.MemberLostException;
import org.multiprocessing4j.internal.pool.Host;
import org.multiprocessing4j.internal.pool.Slot;

/**
 * The client's view of a worker JVM hosted by a member: its slot here mirrors the member's reports (which task runs,
 * since when), kills go to the member through the session, and its end is what the member reported — or a loss when
 * the member, or the connection to it, went away.
 */
final class RemoteHost implements Host {
    private final MemberSession session;
    final long workerId;
    private final long pid;
    final Connection data;
    final Slot slot;
    private final int retries;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile int exitCode = Integer.MIN_VALUE;
    private volatile String stderrTail, hsErrFile, lostReason;
    private volatile byte cause = -1;
    private volatile boolean killRequested;

    RemoteHost(MemberSession session, long workerId, long pid, Connection data, Slot slot, int retries) {
        this.session = session;
        this.workerId = workerId;
        this.pid = pid;
        this.data = data;
        this.slot = slot;
        this.retries = retries;
    }

    /** A report of the task the worker runs: its id (negated when done) and how long it has run. */
    void mirror(long id, long elapsedNanos) {
        if (id > 0) slot.start(id, System.nanoTime() - elapsedNanos);
        else if (id < 0) slot.done(-id);
    }

    void died(int exitCode, String stderrTail, String hsErrFile, byte cause, long slotId) {
        mirror(slotId, 0);
        this.exitCode = exitCode;
        this.stderrTail = stderrTail;
        this.hsErrFile = hsErrFile;
        this.cause = cause;
        ended.countDown();
        // the member closes the worker connection after the worker's last frames: they are read to its end
    }

    /**
     * The member is gone or unreachable. Frames it sent before are still read (a crashed member's connections end
     * after them); a connection that stays open (a hung or unreachable member) is closed after a second, or at once
     * when this client is closing.
     */
    void lost(String reason, boolean now) {
        if (ended.getCount() > 0) {
            lostReason = reason;
            ended.countDown();
        }
        if (now) data.close();
        else session.later(data::close, 1_000_000_000L);
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public boolean isAlive() {
        return ended.getCount() > 0;
    }

    @Override
    public void kill() {
        killRequested = true;
        if (!session.request(Protocol.KILL, workerId)) data.close();
    }

    @Override
    public void terminate() {
        killRequested = true;
        if (!session.request(Protocol.TERMINATE, workerId)) data.close();
    }

    @Override
    public boolean awaitExit(long nanos) throws InterruptedException {
        return ended.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public int exitCode() {
        return exitCode;
    }

    @Override
    public String stderrTail() {
        return stderrTail;
    }

    @Override
    public String hsErrFile() {
        return hsErrFile;
    }

    @Override
    public void release() {
        // its slot file is deleted by Launch.reap, the only caller (a cluster worker is never cached)
        session.released(this);
    }

    @Override
    public Loss loss() {
        String why = lostReason;
        if (why == null) {
            if (cause == Protocol.END_MEMBER_CLOSING) why = "shut down";
            else if (cause == Protocol.END_DISCONNECTED && !killRequested) why = "lost the connection to the worker";
            else if (ended.getCount() > 0) why = "did not report how the worker ended";
            else return null;
        }
        String reason = "member " + session.name + " (" + session.address + ") " + why;
        String member = session.name;
        return new Loss(reason, retries, (message, d) -> new MemberLostException(message, member, d.exitCode(), d.pid()));
    }

    @Override
    public String toString() {
        return "worker " + workerId + " on member " + session.name;
    }
}
