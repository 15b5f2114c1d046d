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
import org.multiprocessing4j.internal.RuntimeDir;

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
        Pipe pipe = Pipe.open(true, ctx.maxMessageSize());
        Slot slot = Slot.map(dir.resolve("w" + n + ".slot"));
        String hsPrefix = "hs_err_w" + n + "_pid";
        List<String> opts = new ArrayList<>(jvmOptions);
        if (opts.stream().noneMatch(o -> o.startsWith("-XX:ErrorFile="))) {
            opts.add("-XX:ErrorFile=" + dir.resolve(hsPrefix + "%p.log"));
        }
        List<String> all = new ArrayList<>(ctx.jvmOptions());
        all.addAll(opts);
        if (all.stream().noneMatch(o -> o.contains("OutOfMemory"))) opts.add("-XX:+ExitOnOutOfMemoryError");
        String name = "PoolWorker-" + n;
        JvmProcess p = JvmProcess.of(WorkerLoop::serve, pipe.second()).daemon(true).context(ctx)
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
            pipe.close();
            if (pumped != null) StderrPump.unregister(pumped);
            if (outPumped != null) StderrPump.unregister(outPumped);
            throw e;
        }
        pipe.second().close();
        Host.Jvm host = new Host.Jvm(p, errFile, pumped, dir, hsPrefix);
        host.pumpedOut = outPumped;
        host.outFile = outFile;
        return new Launched(pipe.first(), host, slot);
    }
}
