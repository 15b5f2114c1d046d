package org.multiprocessing4j.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;

import org.multiprocessing4j.Context;
import org.multiprocessing4j.internal.process.ChildHandle;
import org.multiprocessing4j.internal.process.LaunchSpec;
import org.multiprocessing4j.internal.process.Launcher;

/**
 * INTERNAL PEEKS, bench only. Core has no public way yet to ask "is the AOT cache trained?" or "is a warm spare
 * connected and idle?", and the benchmark must wait for both outside the clock. Everything here reads core's
 * internals (public-but-internal classes, and one private field by reflection); replace it with public API as soon
 * as core offers one.
 */
final class CoreProbe {
    private CoreProbe() {}

    /** Whether a child started now with the context's own settings would get an AOT cache. */
    static boolean aotCacheReady(Context ctx) {
        LaunchSpec spec = Launcher.spec(ctx, Launcher.Extra.NONE);
        return spec.command().stream().anyMatch(a -> a.startsWith("-XX:AOTCache="));
    }

    /** Whether AOT training is possible at all for this context (class path all jars, not disabled). */
    static boolean aotCachePossible(Context ctx) {
        return Launcher.spec(ctx, Launcher.Extra.NONE).aotTrainingKey() != null;
    }

    /** Pids of the idle spares of {@code ctx} whose JVM has connected and authenticated (reads Spares.idle). */
    static java.util.Set<Long> connectedSpares(Context ctx) {
        try {
            Object spares = ctx.spares();
            Field idle = spares.getClass().getDeclaredField("idle");
            idle.setAccessible(true);
            java.util.Set<Long> pids = new java.util.HashSet<>();
            for (Object spare : (Collection<?>) idle.get(spares)) {
                Method handle = spare.getClass().getRecordComponents()[1].getAccessor();
                handle.setAccessible(true);
                ChildHandle h = (ChildHandle) handle.invoke(spare);
                if (h.isConnected() && h.process().isAlive()) pids.add(h.process().pid());
            }
            return pids;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("core's Spares changed; update CoreProbe", e);
        }
    }

    /** Waits until {@code check} holds, polling every 2 ms, at most {@code timeoutMs}; returns whether it held. */
    static boolean await(java.util.function.BooleanSupplier check, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(2);
        }
        return true;
    }
}
