package org.multiprocessing4j.internal.process;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.multiprocessing4j.Context;

/**
 * Pre-started child JVMs of one context, connected and waiting for a run order: Python's forkserver without fork.
 * A process takes a spare only when its launch spec equals the spares' (the context's settings, no per-process
 * additions); every take starts a replacement in the background. Spares halt when this JVM ends.
 */
public final class Spares {
    private record Spare(LaunchSpec spec, ChildHandle handle) {}

    private final Context ctx;
    private final ConcurrentLinkedQueue<Spare> idle = new ConcurrentLinkedQueue<>();
    private volatile LaunchSpec spec;
    private volatile boolean closed;

    public Spares(Context ctx) {
        this.ctx = ctx;
    }

    /** Starts spares until the context's count is reached. */
    public synchronized void fill() {
        int want = ctx.warmSpares();
        if (want == 0 || closed) return;
        if (spec == null) {
            spec = Launcher.spec(ctx, Launcher.Extra.NONE);
            // Spares still booting would find the control socket gone; end them with this JVM.
            org.multiprocessing4j.internal.ExitHooks.add(org.multiprocessing4j.internal.ExitHooks.Phase.CHILDREN, this::shutdown);
        }
        while (idle.size() < want) startOne();
    }

    private void startOne() {
        ChildHandle h = ProcessRuntime.get().newChild();
        h.attachProcess(Launcher.launch(spec, h.token()));
        idle.add(new Spare(spec, h));
    }

    /** A live spare launched with {@code wanted}, or null. */
    public ChildHandle take(LaunchSpec wanted) {
        if (ctx.warmSpares() == 0) return null;
        if (spec == null) {
            fill();
            return null; // the first process of a context starts cold while its spares warm up
        }
        if (!spec.equals(wanted)) return null;
        Spare s;
        while ((s = idle.poll()) != null) {
            if (s.handle().process().isAlive()) break;
        }
        if (s == null) {
            Thread.ofPlatform().daemon().name("mp4j-spare-refill").start(this::fill);
            return null;
        }
        // The replacement starts when the process that took this spare ends, or a second after it started: a
        // JVM booting next to a short task would take half of a two-core machine from it.
        CompletableFuture.anyOf(s.handle().process().onExit(),
                        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS)))
                .thenRun(() -> Thread.ofPlatform().daemon().name("mp4j-spare-refill").start(this::fill));
        return s.handle();
    }

    /** Starts the spares and waits until each has connected and warmed up; true when all are ready in time. */
    public boolean prestart(long nanos) throws InterruptedException {
        if (ctx.warmSpares() == 0) return true;
        fill();
        long deadline = System.nanoTime() + nanos;
        for (Spare s : idle) {
            if (!s.handle().awaitReady(Math.max(0, deadline - System.nanoTime()))) return false;
        }
        return idle.size() >= ctx.warmSpares();
    }

    /** Ends every idle spare; no more are started (synchronized with {@link #fill}: a refill under way ends first). */
    public synchronized void shutdown() {
        closed = true;
        Spare s;
        while ((s = idle.poll()) != null) s.handle().abandon();
    }
}
