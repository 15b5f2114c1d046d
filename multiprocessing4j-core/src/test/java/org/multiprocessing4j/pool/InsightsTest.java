package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.*;
import static org.multiprocessing4j.pool.Fns.range;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Insights hold what really happened: per-worker times that add up, and the slowest tasks with their inputs. */
@Timeout(120)
class InsightsTest {
    @AfterEach
    void noneLeft() throws Exception {
        Children.assertNoneLeft();
    }


    @Test
    void workerJvmsReportStartingWaitingWorkingAndTheSlowestTasks() throws Exception {
        Pool pool = Pool.builder().processes(2).insights(true).build();
        try {
            assertEquals(List.of(1, 4), pool.map(Fns::square, List.of(1, 2), 1)); // both workers ready
            // 3 slow calls and 40 quick ones; the slow ones must head the list, with their inputs
            List<AsyncResult<Integer>> rs = new ArrayList<>();
            for (int ms : new int[] {400, 300, 250}) rs.add(pool.applyAsync(Fns::sleepMillis, ms));
            for (int i = 0; i < 40; i++) rs.add(pool.applyAsync(Fns::sleepMillis, 1));
            for (AsyncResult<Integer> r : rs) r.get(Duration.ofSeconds(60));
            assertThrows(IllegalArgumentException.class, () -> pool.apply(Fns::failOn, 5));

            PoolInsights in = pool.insights();
            assertTrue(in.pool().startsWith("Pool-"), in.pool());
            assertEquals(2 + 43 + 1, in.tasks());
            assertEquals(1, in.failedTasks());
            assertEquals(2, in.workers().size());
            List<Long> pids = pool.workerPids();
            long working = 0;
            for (PoolInsights.WorkerStats w : in.workers()) {
                assertTrue(w.alive());
                assertTrue(pids.contains(w.pid()), "pid of a live worker: " + w);
                assertTrue(w.name().startsWith("PoolWorker-"), w.name());
                assertTrue(w.starting().toMillis() > 0 || w.reused(), "a launched JVM takes time to start: " + w);
                assertTrue(w.tasks() > 0, "both workers answered: " + in);
                working += w.working().toNanos();
            }
            // the worker JVMs measured the sleeps: 950 ms of them at least
            assertTrue(working >= TimeUnit.MILLISECONDS.toNanos(950), "working " + working);
            assertEquals(in.tasks(), in.workers().stream().mapToLong(PoolInsights.WorkerStats::tasks).sum());
            assertTrue(in.workers().stream().anyMatch(w -> w.waiting().toNanos() > 0), "someone waited for work");

            List<PoolInsights.SlowTask> slow = in.slowestTasks();
            assertEquals(3, slow.stream().limit(3).filter(s -> s.duration().toMillis() >= 240).count(), in.report());
            assertEquals("400", slow.get(0).input());
            assertTrue(slow.get(0).duration().toMillis() >= 400);
            assertTrue(slow.get(0).task().startsWith("task #"), slow.get(0).task());
            assertTrue(slow.get(0).worker().startsWith("PoolWorker-"));
            assertEquals(List.of("400", "300", "250"), slow.stream().limit(3).map(PoolInsights.SlowTask::input).toList());

            String report = in.report();
            assertTrue(report.contains("Insights for " + in.pool()), report);
            assertTrue(report.contains("slowest tasks:"), report);
            assertTrue(report.contains(in.workers().get(0).name()), report);
            assertEquals(report, in.toString());
        } finally {
            pool.shutdown();
            assertTrue(pool.join(Duration.ofSeconds(60)));
        }
        PoolInsights after = pool.insights();
        assertTrue(after.workers().stream().noneMatch(PoolInsights.WorkerStats::alive), after.report());
        assertTrue(after.workers().stream().allMatch(w -> w.end().equals("stopped") || w.end().equals("parked for reuse")),
                after.report());
    }

    @Test
    void chunksAreNamedByTheirItems() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().threads(2).insights(true).build()) {
            List<Integer> in = new ArrayList<>(range(20));
            in.set(13, 300); // the chunk holding item #13 (items #10..14) is the slow one
            pool.map(Fns::sleepMillis, in, 5);
            PoolInsights.SlowTask top = pool.insights().slowestTasks().getFirst();
            assertEquals("chunk #2 (items #10..14)", top.task());
            assertEquals(10, top.index());
            assertEquals(5, top.items());
            assertEquals("10", top.input(), "the first input of the chunk");
            assertTrue(top.duration().toMillis() >= 300);
            assertTrue(top.worker().startsWith("mp4j-thread-worker-"), top.worker());
            assertEquals(20, pool.insights().items());
        }
    }

    @Test
    void anExecutorReportsToo() throws Exception {
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1).insights(true).build()) {
            CompletableFuture<Integer> f = ex.submit(Fns::sleepMillis, 200);
            assertEquals(200, f.get(60, TimeUnit.SECONDS));
            PoolInsights in = ex.insights();
            assertEquals(1, in.tasks());
            assertEquals(1, in.workers().size());
            PoolInsights.WorkerStats w = in.workers().getFirst();
            assertTrue(w.working().toMillis() >= 200, w.toString());
            assertTrue(w.workingShare() > 0 && w.workingShare() <= 1);
            assertEquals("200", in.slowestTasks().getFirst().input());
        }
    }

    @Test
    void withoutInsightsAskingForThemSaysHowToTurnThemOn() throws Exception {
        try (ThreadPool pool = new ThreadPool(1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, pool::insights);
            assertTrue(e.getMessage().contains("insights(true)"), e.getMessage());
        }
        try (ThreadExecutor ex = new ThreadExecutor(1)) {
            assertThrows(IllegalStateException.class, ex::insights);
        }
    }
}
