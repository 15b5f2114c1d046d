package org.multiprocessing4j.internal.pool;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.RuntimeDir;
import org.multiprocessing4j.internal.connection.ResourceSharer;

/** Starts process-protocol workers: worker JVMs, or in-process worker threads for tests. */
public final class Launch {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Launch() {}

    /** A started worker: the parent's end of its channel, what runs it, and its slot. */
    public record Launched(Connection conn, Host host, Slot slot) {}

    /** Starts workers of a pool. */
    public interface Launcher {
        Launched launch(int index) throws Exception;

        /** The key under which idle workers of this launcher can be cached, or null if they cannot. */
        default Object cacheKey() {
            return null;
        }
    }

    /** Makes the launcher of pools whose context belongs to a backend that runs workers elsewhere (a cluster). */
    public interface Backend {
        Launcher launcher(Context ctx, List<String> jvmOptions);
    }

    /** Contexts handed out by backends (identity keys: a Context does not override equals). */
    private static final java.util.Map<Context, Backend> BACKENDS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Pools built with {@code ctx} get their workers from {@code backend} (until {@link #unregister}). */
    public static void register(Context ctx, Backend backend) {
        BACKENDS.put(java.util.Objects.requireNonNull(ctx), java.util.Objects.requireNonNull(backend));
    }

    public static void unregister(Context ctx) {
        BACKENDS.remove(ctx);
    }

    /** The launcher for a pool built with {@code ctx}: its backend's, else worker JVMs on this machine. */
    public static Launcher forContext(Context ctx, List<String> jvmOptions) {
        return forContext(ctx, jvmOptions, false);
    }

    /**
     * As {@link #forContext(Context, List)}; {@code prefixOutput} applies to local worker JVMs (a backend's workers
     * write where their host's output goes).
     */
    public static Launcher forContext(Context ctx, List<String> jvmOptions, boolean prefixOutput) {
        Backend b = BACKENDS.get(ctx);
        return b != null ? b.launcher(ctx, List.copyOf(jvmOptions)) : jvm(ctx, jvmOptions, prefixOutput);
    }

    /**
     * Waits, up to 5 s, until nothing more is readable on the channel of a worker JVM that has ended (its reader
     * consumes what is left), so that it can be closed without losing a frame. A JVM started meanwhile may hold a
     * copy of the worker's end (the hand-over), so the channel does not always end with the worker.
     */
    public static void awaitDrained(Connection c) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            while (!c.isClosed() && System.nanoTime() < deadline) {
                if (!c.poll(java.time.Duration.ofMillis(20))) break;
                // data (or the end) is there: the reader is consuming it; look again shortly
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        } catch (IOException e) {
            // closed meanwhile
        }
    }

    /**
     * Reaps a worker whose channel has ended (or is to end): closes the channel, waits (bounded, escalating, see
     * {@link Host#awaitEnd}) for the worker to end, describes how it ended, then releases its host and deletes its
     * slot file. The description is taken before the release, which deletes the captured stderr it quotes.
     */
    public static Worker.Death reap(Launched l) {
        l.conn().close();
        Host h = l.host();
        Host.awaitEnd(h);
        long slotId = l.slot().id();
        Worker.Death d = new Worker.Death(h.exitCode(), h.pid(), h.stderrTail(), h.hsErrFile(), slotId, h.loss());
        h.release();
        try {
            Files.deleteIfExists(l.slot().path());
        } catch (IOException e) {
            // removed with the runtime dir
        }
        return d;
    }

    /** Launches worker JVMs with the context's settings plus {@code jvmOptions}. */
    public static Launcher jvm(Context ctx, List<String> jvmOptions) {
        return jvm(ctx, jvmOptions, false);
    }

    /**
     * Launches worker JVMs with the context's settings plus {@code jvmOptions}; with {@code prefixOutput}, each line
     * they write to an inherited stdout or stderr starts with {@code [PoolWorker-n] }.
     */
    public static Launcher jvm(Context ctx, List<String> jvmOptions, boolean prefixOutput) {
        List<String> opts = List.copyOf(jvmOptions);
        record Key(Context ctx, List<String> opts, boolean prefixOutput) {}
        Key key = new Key(ctx, opts, prefixOutput);
        return new Launcher() {
            @Override
            public Launched launch(int index) throws Exception {
                return launchJvm(ctx, opts, prefixOutput);
            }

            @Override
            public Object cacheKey() {
                return key;
            }
        };
    }

    /** Launches workers as threads of this JVM over real pipes (the protocol without JVM starts). */
    public static Launcher inProcess(Context ctx) {
        return index -> {
            Pipe pipe = Pipe.open(true, ctx.maxMessageSize());
            Path slotFile = Files.createTempFile(RuntimeDir.get(), "slot", ".bin");
            Host.InProcess h = new Host.InProcess(pipe.second(), ctx.codec(), "mp4j-inproc-worker-" + index);
            h.startThread();
            return new Launched(pipe.first(), h, Slot.map(slotFile));
        };
    }

    static Launched launchJvm(Context ctx, List<String> jvmOptions, boolean prefixOutput) throws IOException {
        int n = COUNTER.incrementAndGet();
        Path dir = RuntimeDir.get();
        // The worker connects back with the JDK's own channel: receiving a passed descriptor would cost a fresh JVM
        // its FFM set-up, the largest part of a pool worker's start.
        ResourceSharer.Expected channel = ResourceSharer.expect(ctx.maxMessageSize());
        Slot slot = Slot.map(dir.resolve("w" + n + ".slot"));
        String hsPrefix = "hs_err_w" + n + "_pid";
        List<String> opts = new ArrayList<>(jvmOptions);
        if (opts.stream().noneMatch(o -> o.startsWith("-XX:ErrorFile="))) {
            opts.add("-XX:ErrorFile=" + dir.resolve(hsPrefix + "%p.log"));
        }
        List<String> all = new ArrayList<>(ctx.jvmOptions());
        all.addAll(opts);
        if (all.stream().noneMatch(o -> o.contains("OutOfMemory"))) opts.add("-XX:+ExitOnOutOfMemoryError");
        // HotSpot's own messages ("Terminating due to java.lang.OutOfMemoryError", ...) go to stdout by default;
        // on stderr they reach the worker's stderr tail, which tells an OutOfMemoryError from System.exit(3)
        if (all.stream().noneMatch(o -> o.contains("DisplayVMOutput"))) opts.add("-XX:+DisplayVMOutputToStderr");
        String name = "PoolWorker-" + n;
        JvmProcess p = new JvmProcess(new Serve(channel.remote())).daemon(true).context(ctx)
                .name(name).jvmOptions(opts.toArray(String[]::new));
        String prefix = prefixOutput ? "[" + name + "] " : null;
        Path errFile = null;
        StderrPump.Entry pumped = null;
        if (ctx.stderr() == Redirect.INHERIT) {
            errFile = dir.resolve("w" + n + ".err");
            p.redirectError(Redirect.appendTo(errFile.toFile()));
            pumped = StderrPump.register(errFile, false, prefix);
        } else {
            errFile = Host.Jvm.fileOf(ctx.stderr());
        }
        Path outFile = null;
        StderrPump.Entry outPumped = null;
        if (prefixOutput && ctx.stdout() == Redirect.INHERIT) {
            // stdout goes through a file too, so that its lines can be prefixed (a worker never talks on stdout)
            outFile = dir.resolve("w" + n + ".out");
            p.redirectOutput(Redirect.appendTo(outFile.toFile()));
            outPumped = StderrPump.register(outFile, true, prefix);
        }
        try {
            p.start();
        } catch (RuntimeException e) {
            channel.local().close();
            if (pumped != null) StderrPump.unregister(pumped);
            if (outPumped != null) StderrPump.unregister(outPumped);
            throw e;
        }
        return new Launched(channel.local(), new Host.Jvm(p, errFile, pumped, outPumped, dir, hsPrefix), slot);
    }

    /**
     * A worker JVM's task: connect back to the pool and serve it. A plain class: a fresh JVM decodes it by reflection,
     * while a serialized lambda would cost it a generated class and a record a chain of method handles.
     */
    private static final class Serve implements SerializableRunnable {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        private final ResourceSharer.ConnectBack parent;

        Serve(ResourceSharer.ConnectBack parent) {
            this.parent = parent;
        }

        @Override
        public void run() {
            Connection conn;
            try {
                conn = parent.open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot connect to the pool's process", e);
            }
            WorkerLoop.serve(conn);
        }
    }
}
