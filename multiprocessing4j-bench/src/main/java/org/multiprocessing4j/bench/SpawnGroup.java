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

        // Created after the AOT cache exists: spares fix their launch command when first filled (see the report).
        Context warm = Context.builder().warmSpares(1).build();
        double[] warmMs = new double[31];
        int tookCold = 0;
        for (int i = 0; i < 3 + 31; i++) {
            // The first start of a context fills its spares and itself starts cold; wait (outside the clock) until
            // a spare is connected so each timed rep really takes one. Its replacement starts in the background.
            if (i > 0 && !CoreProbe.await(() -> !CoreProbe.connectedSpares(warm).isEmpty(), 60_000)) {
                throw new IllegalStateException("no warm spare came up within 60 s");
            }
            java.util.Set<Long> spares = CoreProbe.connectedSpares(warm);
            JvmProcess p = new JvmProcess(SpawnGroup::noop).context(warm);
            double ms = startJoinMs(p);
            if (i >= 3) {
                warmMs[i - 3] = ms;
                if (!spares.contains(p.pid().orElse(-1))) tookCold++;
            }
            p.close();
        }
        r.emit("process_spawn_join_ms.warm", warmMs, "ms");
        r.note("spawn.warm_reps_without_spare", Integer.toString(tookCold));
        warm.spares().shutdown();
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
        if (!CoreProbe.aotCachePossible(ctx)) {
            r.note("aot_cache", "not possible (class path has directories, or disabled): cold starts without it");
            return;
        }
        long t0 = System.nanoTime();
        boolean ready = CoreProbe.await(() -> CoreProbe.aotCacheReady(ctx), 60_000);
        r.note("aot_cache", ready ? String.format(java.util.Locale.ROOT, "used (waited %.1f s for training)",
                (System.nanoTime() - t0) / 1e9) : "NOT used: training did not finish within 60 s");
    }
}
