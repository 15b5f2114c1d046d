package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.shm.SharedValue;
import org.multiprocessing4j.sync.SharedEvent;

/**
 * A warm spare runs a process handed shared memory, a lock and an event (the objects whose first use it rehearses
 * while idle), and the context's spares end with it.
 */
@Timeout(120)
class WarmSpareTest {
    static void useShared(SharedValue.OfLong v, SharedEvent done) {
        v.lock().lock();
        try {
            v.set(v.get() + 41);
        } finally {
            v.lock().unlock();
        }
        v.getAndAdd(1);
        done.set();
    }

    @Test
    void aSpareRunsAProcessThatUsesSharedObjects() throws Exception {
        Context ctx = Context.builder().warmSpares(1).build();
        try {
            assertTrue(ctx.prestart(Duration.ofSeconds(60)), "the spare did not become ready");
            Set<Long> spares = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
            SharedValue.OfLong v = SharedValue.ofLong(0);
            SharedEvent done = new SharedEvent();
            JvmProcess p = ctx.process(() -> useShared(v, done)).daemon(true);
            p.start();
            assertTrue(p.join(Duration.ofSeconds(60)));
            assertEquals(0, p.exitCode().getAsInt());
            assertTrue(spares.contains(p.pid().getAsLong()), "ran on the ready spare " + spares + ", not " + p.pid());
            assertEquals(42, v.get());
            assertTrue(done.isSet());
            p.close();
            ctx.stopSpares();
            assertFalse(ctx.prestart(Duration.ofSeconds(5)), "no spares after stopSpares");
            JvmProcess cold = ctx.process(() -> useShared(v, done)).daemon(true);
            cold.start();
            assertTrue(cold.join(Duration.ofSeconds(60)));
            assertEquals(0, cold.exitCode().getAsInt(), "a stopped context still starts processes, cold");
            assertEquals(84, v.get());
            cold.close();
        } finally {
            ctx.stopSpares();
            // Shut-down spares end on their own once their control connection closes: wait for that (bounded).
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (ProcessHandle h : ProcessHandle.current().descendants().toList()) {
                try {
                    h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    break; // the check below names and kills it
                }
            }
            Jvms.assertNoLiveDescendants();
        }
    }
}
