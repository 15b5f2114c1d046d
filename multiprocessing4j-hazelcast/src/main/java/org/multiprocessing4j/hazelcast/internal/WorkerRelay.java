package org.multiprocessing4j.hazelcast.internal;

import java.io.IOException;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.pool.Launch;
import org.multiprocessing4j.internal.pool.Wire;
import org.multiprocessing4j.internal.pool.Worker;

/**
 * A worker JVM hosted by this member for a client: its pool-protocol frames go unchanged between the client's
 * worker connection and the worker's local channel, except that the client's {@code INIT} gets a slot file of this
 * machine and a {@code CANCEL} is announced in that slot once written (as a local pool does). When the worker ends,
 * it is reaped (bounded: wait, SIGTERM, SIGKILL) and its end reported to the client on the session; when the
 * client's connection ends, the worker is ended. Two platform threads: the worker's channel blocks in native code.
 */
final class WorkerRelay {
    final HostSession session;
    final long id;
    private final Connection client;
    final Launch.Launched worker;
    private final Runnable released; // the worker's class path entries may be pruned from the member's cache
    private volatile byte endCause = Protocol.END_EXITED;
    private volatile boolean finished;
    /** Last slot state reported (ticker thread only). */
    long reportedId, reportedSince;

    WorkerRelay(HostSession session, long id, Connection client, Launch.Launched worker, Runnable released) {
        this.session = session;
        this.id = id;
        this.client = client;
        this.worker = worker;
        this.released = released;
    }

    void start() {
        Thread.ofPlatform().daemon().name("mp4j-relay-up-" + id).start(this::up);
        Thread.ofPlatform().daemon().name("mp4j-relay-down-" + id).start(this::down);
        ProcessHandle.of(worker.host().pid()).ifPresentOrElse(p -> p.onExit().thenRun(this::afterExit), this::afterExit);
    }

    /**
     * The worker JVM has ended. Its channel normally ends with it, but another JVM started meanwhile may hold a copy
     * of its end (as a local pool's workers may): once nothing more is readable, close it so the relay sees the end.
     */
    private void afterExit() {
        Launch.awaitDrained(worker.conn());
        worker.conn().close();
    }

    private void up() {
        String slot = worker.slot().path().toString();
        try {
            while (true) {
                byte[] f = client.recvBytes();
                if (f.length > 0 && f[0] == Wire.INIT) f = Wire.initWithSlot(f, slot);
                worker.conn().sendBytes(f);
                if (f.length > 0 && f[0] == Wire.CANCEL) worker.slot().cancelWritten();
            }
        } catch (IOException | RuntimeException e) {
            if (!finished && worker.host().isAlive()) {
                if (endCause == Protocol.END_EXITED) endCause = Protocol.END_DISCONNECTED;
                worker.conn().close(); // an idle worker ends at once; a busy one is ended by the reaping below
            }
        }
    }

    private void down() {
        try {
            while (true) client.sendBytes(worker.conn().recvBytes());
        } catch (IOException | RuntimeException e) {
            // the worker ended, or the client went away
        } finally {
            finish();
        }
    }

    private void finish() {
        Worker.Death d = Launch.reap(worker); // as a local pool reaps its workers
        released.run();
        finished = true;
        session.host.workerEnded(); // first: the client that hears of the end places a replacement on fresh counts
        session.died(this, d.exitCode(), d.pid(), d.stderrTail(), d.hsErrFile(), endCause, d.slotId());
        client.close();
        session.removed(this);
    }

    /** The client asked for the kill (timeout, cancel, terminate). */
    void kill() {
        endCause = Protocol.END_REQUESTED;
        worker.host().kill();
    }

    void terminate() {
        endCause = Protocol.END_REQUESTED;
        worker.host().terminate();
    }

    /** Ends the worker because its session or this member ends. */
    void abort(byte cause) {
        if (endCause == Protocol.END_EXITED) endCause = cause;
        worker.host().kill();
    }
}
