package org.multiprocessing4j.internal.process;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.codec.Bytes;
import org.multiprocessing4j.internal.jfr.Causes;
import org.multiprocessing4j.internal.jfr.ProcessLifetimeEvent;
import org.multiprocessing4j.internal.jfr.ProcessStartEvent;

/**
 * The parent's side of one child JVM: its OS process, its control connection, and what it reported before it
 * ended. The run order may be given before or after the child has connected (warm spares connect first).
 */
public final class ChildHandle {
    static final byte EXIT = 1, SIGNAL = 2, SPARE = 3, READY = 4;

    private final String token;
    private volatile Process process;
    private Connection control;  // guarded by this
    private byte[] order;        // guarded by this
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> controlDone = new CompletableFuture<>();
    /** Completed when a spare has warmed up, or when the child ends. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile int reportedExit = Integer.MIN_VALUE;
    private volatile int reportedSignal;

    ChildHandle(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public Process process() {
        return process;
    }

    public void attachProcess(Process p) {
        this.process = p;
        p.onExit().thenRun(() -> {
            // A child that never connected has no control stream to close, and its token must not linger.
            if (!connected.isDone()) {
                controlDone.complete(null);
                ProcessRuntime.get().forget(token);
            }
        });
    }

    /** Records the process's start now and its lifetime when it ends (JFR; free when no recording runs). */
    public void recordLifetime(String name, boolean daemon, boolean warmSpare) {
        ProcessStartEvent start = new ProcessStartEvent();
        if (start.isEnabled()) {
            start.name = name;
            start.pid = process.pid();
            start.warmSpare = warmSpare;
            start.commit();
        }
        ProcessLifetimeEvent life = new ProcessLifetimeEvent();
        if (!life.isEnabled()) return;
        life.begin();
        CompletableFuture.allOf(process.onExit(), controlDone).thenRun(() -> {
            life.end();
            life.name = name;
            life.pid = process.pid();
            life.daemon = daemon;
            life.warmSpare = warmSpare;
            life.exitCode = exitCode();
            life.cause = Causes.of(life.exitCode);
            life.commit();
        });
    }

    /** Waits until a spare has connected and warmed up (or has ended). */
    public boolean awaitReady(long nanos) throws InterruptedException {
        try {
            ready.get(nanos, TimeUnit.NANOSECONDS);
            return process.isAlive();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** True once the child has connected and authenticated. */
    public boolean isConnected() {
        return connected.isDone();
    }

    /** Sends the run order now, or as soon as the child connects. */
    public synchronized void run(byte[] runOrder) {
        if (control == null) {
            order = runOrder;
        } else {
            send(runOrder);
        }
    }

    synchronized void onConnected(Connection c) {
        control = c;
        connected.complete(null);
        if (order != null) {
            send(order);
            order = null;
        } else {
            send(new byte[] {SPARE}); // no work yet: the child may warm up while it waits
        }
    }

    private void send(byte[] runOrder) {
        try {
            control.sendBytes(runOrder);
        } catch (IOException e) {
            // the child died before it could run; its exit code tells the rest
        }
    }

    /** Reads the child's reports until the control stream ends (the child exited or closed it). */
    void readReports(Connection c) {
        try {
            while (true) {
                byte[] m = c.recvBytes(16);
                if (m.length == 5 && m[0] == EXIT) reportedExit = Bytes.getInt(m, 1);
                else if (m.length == 5 && m[0] == SIGNAL) reportedSignal = Bytes.getInt(m, 1);
                else if (m.length == 1 && m[0] == READY) ready.complete(null);
            }
        } catch (IOException e) {
            // end of stream: the child is gone or going
        } finally {
            c.close();
            controlDone.complete(null);
            ready.complete(null);
        }
    }

    /** Waits for the OS process to end, then briefly for its last report. */
    public boolean awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
        Process p = process;
        if (timeout < 0) {
            p.waitFor();
        } else if (!p.waitFor(timeout, unit)) {
            return false;
        }
        try {
            controlDone.get(2, TimeUnit.SECONDS); // the kernel closed the socket at exit: this is immediate
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // no report: the raw status decides
        }
        return true;
    }

    /** Python's exit code: the reported code, else -N for a signal, else the raw status. */
    public int exitCode() {
        int reported = reportedExit;
        if (reported != Integer.MIN_VALUE) return reported;
        if (reportedSignal != 0) return -reportedSignal;
        int raw = process.exitValue();
        return raw > 128 && raw <= 128 + 64 ? -(raw - 128) : raw;
    }

    /** Closes the control connection, which ends a waiting spare. */
    public synchronized void abandon() {
        if (control != null) control.close();
        Process p = process;
        if (p != null) p.destroyForcibly();
    }
}
