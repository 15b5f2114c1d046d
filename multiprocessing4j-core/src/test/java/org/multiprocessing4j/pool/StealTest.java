package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tasks queued in a worker's window behind a long task are taken back for the other workers: they never wait for
 * the long one, and each still runs exactly once.
 */
@Timeout(120)
class StealTest {
    @AfterEach
    void noneLeft() throws Exception {
        Fns.release.countDown();
        Children.assertNoneLeft();
    }

    static TaskPool pool(String kind) {
        return switch (kind) {
            case "threads" -> new ThreadPool(2);
            case "in-process" -> Pool.builder().processes(2).inProcessWorkers().build();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"threads", "in-process"})
    void shortTasksDoNotWaitBehindALongOneAndRunOnce(String kind) throws Exception {
        Fns.release = new CountDownLatch(1);
        Fns.RUNS.set(0);
        try (TaskPool pool = pool(kind)) {
            for (int round = 0; round < 3; round++) {
                // one task that blocks until released, then 60 quick ones: whatever the windows, the quick ones
                // queued behind the blocked one must come back while it still blocks
                List<Integer> in = Stream.concat(Stream.of(-1), IntStream.range(0, 60).boxed()).toList();
                List<Integer> got = new ArrayList<>();
                try (ResultIterator<Integer> it = pool.imapUnordered(Fns::waitOrCount, in,
                        MapOptions.defaults().withTimeout(Duration.ofSeconds(60)))) {
                    while (got.size() < 60) got.add(it.next());
                    assertFalse(got.contains(-1), "the blocked task is still blocked");
                    Fns.release.countDown();
                    assertEquals(-1, it.next());
                    assertFalse(it.hasNext());
                }
                assertEquals(IntStream.range(0, 60).boxed().toList(), got.stream().sorted().toList());
                assertEquals(60 * (round + 1), Fns.RUNS.get(), "every quick task ran exactly once");
                Fns.release = new CountDownLatch(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"threads", "in-process"})
    void aTaskGoesToAnIdleWorkerBeforeABusyOne(String kind) throws Exception {
        // With a task blocked on one worker and the other idle, each new task goes to the idle one: none is queued
        // behind the blocked task to be taken back later (the pool logs each take-back at TRACE). Dispatching in
        // turn instead sent every other task behind the blocked one.
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.multiprocessing4j.pool");
        List<String> tookBack = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("took")) tookBack.add(r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Level level = log.getLevel();
        log.setLevel(java.util.logging.Level.ALL);
        log.addHandler(h);
        Fns.release = new CountDownLatch(1);
        try (TaskPool pool = pool(kind)) {
            pool.map(Fns::square, List.of(1, 2, 3, 4), 1); // both workers ready
            AsyncResult<Integer> blocked = pool.applyAsync(Fns::waitOrCount, -1);
            for (int i = 0; i < 20; i++) {
                assertEquals(i * i, pool.applyAsync(Fns::square, i).get(Duration.ofSeconds(60)));
                assertFalse(blocked.ready(), "still blocked");
            }
            Fns.release.countDown();
            assertEquals(-1, blocked.get(Duration.ofSeconds(60)));
        } finally {
            log.removeHandler(h);
            log.setLevel(level);
        }
        assertEquals(List.of(), tookBack, "nothing was queued behind the blocked task");
    }

    @Test
    void workerJvmsGiveBackWhatWaitsBehindASlowFile() throws Exception {
        // the showcase's shape: one task far longer than the rest, sent first. The others must all be done long
        // before it (it takes 20 s; the test gives them 15 s on a loaded machine), and the long one is then killed
        // with the pool
        try (Pool pool = new Pool(2)) {
            pool.map(Fns::square, List.of(1, 2, 3, 4), 1); // both workers ready
            List<Integer> in = Stream.concat(Stream.of(20_000), Stream.generate(() -> 5).limit(40)).toList();
            List<Integer> got = new ArrayList<>();
            try (ResultIterator<Integer> it = pool.imapUnordered(Fns::sleepMillis, in,
                    MapOptions.defaults().withTimeout(Duration.ofSeconds(15)))) {
                while (got.size() < 40) got.add(it.next());
            }
            assertEquals(40, got.size());
            assertTrue(got.stream().allMatch(x -> x == 5), got.toString());
        }
    }
}
