package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timeouts and cancellation on the thread twin: the thread is interrupted and abandoned, a new one replaces it. */
@Timeout(60)
class ThreadTwinRobustnessTest {
    @Test
    void taskTimeoutAbandonsTheThreadAndThePoolGoesOn() throws Exception {
        try (ThreadPool p = new ThreadPool(1)) {
            AsyncResult<Integer> slow = p.applyAsync(Fns::sleepMillis, 30_000, Duration.ofMillis(300));
            ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(Duration.ofSeconds(30)));
            assertInstanceOf(TaskTimeoutException.class, e.getCause());
            assertEquals(List.of(0, 1, 4), p.map(Fns::square, List.of(0, 1, 2)));
        }
    }

    @Test
    void cancelRunningTaskReplacesTheThread() throws Exception {
        try (ThreadPool p = new ThreadPool(1)) {
            long first = p.apply(Fns::threadOrPid, 0);
            AsyncResult<Integer> r = p.applyAsync(Fns::sleepMillis, 30_000);
            AsyncResult<Integer> queued = p.applyAsync(Fns::square, 6);
            assertFalse(r.await(Duration.ofMillis(200)));
            assertTrue(r.cancel(true));
            assertThrows(CancellationException.class, () -> r.get(Duration.ofSeconds(1)));
            assertEquals(36, queued.get(Duration.ofSeconds(30)));
            assertNotEquals(first, p.apply(Fns::threadOrPid, 0));
        }
    }

    @Test
    void executorTwinTimeout() throws Exception {
        try (ThreadExecutor ex = ThreadExecutor.builder().maxWorkers(2).taskTimeout(Duration.ofMillis(300)).build()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> ex.submit(Fns::sleepMillis, 30_000).get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertInstanceOf(TaskTimeoutException.class, e.getCause());
            assertEquals(49, ex.submit(Fns::square, 7).get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
    }
}
