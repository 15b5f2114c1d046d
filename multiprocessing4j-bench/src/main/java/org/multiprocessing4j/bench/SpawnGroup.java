package org.multiprocessing4j.bench;

import java.time.Duration;

import org.multiprocessing4j.Context;
import org.multiprocessing4j.JvmProcess;

/**
 * run.py metric 1. Timed per process: {@code start(); join()}, then the exit code is checked.
 * {@code .cold} launches a fresh JVM (compared with CPython's spawn, 2+15 reps); {@code .warm} takes a warm spare
 * (compared with forkserver, 3+31 reps).
 */
final class SpawnGroup implements BenchGroup {
    private static final Duration JOIN = Duration.ofSeconds(60);

    static void noop() {}

    @Override
    public String name() {
        return "spawn";
    }

    @Override
    public void run(Reporter r) throws Exception {
        Context cold = Context.defaultContext();
        double[] coldMs = new double[15];
        for (int i = 0; i < 2 + 15; i++) {
            if (i == 2) awaitAotCache(r, cold); // the warm-up reps started the training; the clock must not see it
            double ms = startJoinMs(cold);
            if (i >= 2) coldMs[i - 2] = ms;
        }
        r.emit("process_spawn_join_ms.cold", coldMs, "ms");

        Context warm = Context.builder().warmSpares(1).build();
        double[] warmMs = new double[31];
        int notReady = 0;
        for (int i = 0; i < 3 + 31; i++) {
            // Outside the clock: a spare connected and warmed up, so that each timed rep really takes one. The
            // replacement of the one taken starts when the process ends, so it never competes with the timed rep.
            if (!warm.prestart(Duration.ofSeconds(60)) && i >= 3) notReady++;
            JvmProcess p = new JvmProcess(SpawnGroup::noop).context(warm);
            double ms = startJoinMs(p);
            if (i >= 3) warmMs[i - 3] = ms;
            p.close();
        }
        r.emit("process_spawn_join_ms.warm", warmMs, "ms");
        r.note("spawn.warm_reps_without_ready_spare", Integer.toString(notReady));
    }

    private static double startJoinMs(Context ctx) throws InterruptedException {
        JvmProcess p = new JvmProcess(SpawnGroup::noop).context(ctx);
        double ms = startJoinMs(p);
        p.close();
        return ms;
    }

    private static double startJoinMs(JvmProcess p) throws InterruptedException {
        long t0 = System.nanoTime();
        p.start();
        boolean ended = p.join(JOIN);
        long dt = System.nanoTime() - t0;
        if (!ended || p.exitCode().orElse(-999) != 0) {
            throw new IllegalStateException("correctness check failed: noop exit code " + p.exitCode());
        }
        return dt / 1e6;
    }

    private static void awaitAotCache(Reporter r, Context ctx) throws InterruptedException {
        long t0 = System.nanoTime();
        boolean ready = ctx.prestart(Duration.ofSeconds(60));
        r.note("aot_cache", String.format(java.util.Locale.ROOT, "%s (prestart waited %.1f s)",
                ready ? "ready or not possible for this class path" : "NOT ready within 60 s", (System.nanoTime() - t0) / 1e9));
    }
}
