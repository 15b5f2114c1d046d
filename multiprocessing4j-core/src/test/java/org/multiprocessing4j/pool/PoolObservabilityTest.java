package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.queues.SharedQueue;

/** JFR events of workers, tasks and queues; quiet logging; worker output prefixed with the worker's name. */
@Timeout(180)
class PoolObservabilityTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noneLeft() throws Exception {
        Children.assertNoneLeft();
    }

    static List<RecordedEvent> named(List<RecordedEvent> all, String name) {
        return all.stream().filter(e -> e.getEventType().getName().equals("org.multiprocessing4j." + name)).toList();
    }

    @Test
    void aRecordingShowsWorkersAndTasksWithDurationsAndCauses() throws Exception {
        Path file = tmp.resolve("pool.jfr");
        List<RecordedEvent> events;
        long diedPid;
        try (Recording r = new Recording()) {
            for (String e : List.of("WorkerStarted", "WorkerExited", "TaskSubmitted", "TaskStarted", "TaskFinished",
                    "TaskFailed")) {
                r.enable("org.multiprocessing4j." + e).withThreshold(Duration.ZERO);
            }
            r.start();
            Pool pool = Pool.builder().processes(2).reuseWorkers(false).build();
            try {
                assertEquals(IntStream.range(0, 40).map(x -> x * x).boxed().toList(),
                        pool.map(Fns::square, IntStream.range(0, 40).boxed().toList(), 10));
                assertEquals(50, pool.apply(Fns::sleepMillis, 50));
                assertThrows(IllegalArgumentException.class, () -> pool.apply(Fns::failOn, 5));
                List<Long> before = pool.workerPids();
                WorkerDiedException died = assertThrows(WorkerDiedException.class, () -> pool.apply(Fns::halt, 7));
                diedPid = died.pid();
                assertTrue(before.contains(diedPid));
                // let the replacement become ready (and answer), so that it ends like the others
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (before.containsAll(pool.map(Fns::pid, List.of(1, 2, 3, 4), 1))) {
                    assertTrue(System.nanoTime() < deadline, "the dead worker was not replaced");
                }
            } finally {
                pool.shutdown();
                assertTrue(pool.join(Duration.ofSeconds(60)));
            }
            r.stop();
            r.dump(file);
            events = RecordingFile.readAllEvents(file);
        }

        List<RecordedEvent> started = named(events, "WorkerStarted");
        assertTrue(started.size() >= 3, "2 workers and the replacement of the dead one: " + started);
        for (RecordedEvent e : started) {
            assertTrue(e.getString("pool").startsWith("Pool-"));
            assertTrue(e.getString("worker").startsWith("PoolWorker-"));
            assertTrue(e.getLong("pid") > 0);
            assertTrue(e.getDuration().toNanos() > 0, "from launch to ready");
        }
        List<RecordedEvent> exited = named(events, "WorkerExited");
        RecordedEvent dead = exited.stream().filter(e -> e.getLong("pid") == diedPid).findFirst().orElseThrow();
        assertEquals("died: exited with code 7", dead.getString("cause"));
        assertEquals(7, dead.getInt("exitCode"));
        assertTrue(exited.stream().filter(e -> e.getLong("pid") != diedPid).allMatch(e -> e.getString("cause").equals("stopped")),
                exited.toString());
        assertEquals(started.size(), exited.size(), "every worker started also ended");

        List<RecordedEvent> submitted = named(events, "TaskSubmitted");
        List<RecordedEvent> chunksOfTen = submitted.stream().filter(e -> e.getInt("items") == 10).toList();
        assertEquals(4, chunksOfTen.size(), "the map of 40 items in chunks of 10: " + submitted);
        assertTrue(chunksOfTen.stream().allMatch(e -> e.getString("kind").equals("chunk")));
        assertEquals(List.of(0L, 10L, 20L, 30L), chunksOfTen.stream().map(e -> e.getLong("firstItem")).sorted().toList());
        assertTrue(submitted.stream().filter(e -> e.getString("kind").equals("call")).count() >= 3, "sleep, failOn, halt");
        assertTrue(named(events, "TaskStarted").size() >= 7);
        assertTrue(named(events, "TaskStarted").stream().allMatch(e -> e.getString("worker").startsWith("PoolWorker-")));

        List<RecordedEvent> finished = named(events, "TaskFinished");
        assertEquals(4, finished.stream().filter(e -> e.getInt("items") == 10).count(), "the 4 chunks");
        RecordedEvent sleep = finished.stream().filter(e -> e.getDuration("run").toMillis() >= 50).findFirst()
                .orElseThrow(() -> new AssertionError("the sleep's run time, as the worker measured it: " + finished));
        assertTrue(sleep.getDuration("total").compareTo(sleep.getDuration("run")) >= 0);
        assertTrue(sleep.getString("worker").startsWith("PoolWorker-"));

        List<RecordedEvent> failed = named(events, "TaskFailed");
        assertEquals(2, failed.size(), failed.toString());
        assertTrue(failed.stream().anyMatch(e -> e.getString("error").equals("an exception in the task")));
        assertTrue(failed.stream().anyMatch(e -> e.getString("error").equals("worker died: exited with code 7")),
                failed.toString());
    }

    @Test
    void aQueueWaitIsRecorded() throws Exception {
        Path file = tmp.resolve("queue.jfr");
        SharedQueue<String> q = new SharedQueue<>();
        try (Recording r = new Recording()) {
            r.enable("org.multiprocessing4j.QueueWait").withThreshold(Duration.ofMillis(50));
            r.start();
            q.put("x");
            assertEquals("x", q.take()); // does not wait: below the threshold
            assertNull(q.poll(200, TimeUnit.MILLISECONDS));
            r.stop();
            r.dump(file);
            List<RecordedEvent> waits = named(RecordingFile.readAllEvents(file), "QueueWait");
            assertEquals(1, waits.size(), waits.toString());
            RecordedEvent w = waits.getFirst();
            assertEquals("get", w.getString("operation"));
            assertTrue(w.getBoolean("timedOut"));
            assertTrue(w.getDuration().toMillis() >= 190, w.toString());
            assertTrue(w.getString("queue").startsWith("mp4j-"), w.getString("queue"));
        } finally {
            q.close();
        }
    }

    @Test
    void loggingIsQuietByDefaultAndTellsWorkerLivesAtDebug() throws Exception {
        Logger jul = Logger.getLogger("org.multiprocessing4j.pool");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Level was = jul.getLevel();
        jul.addHandler(h);
        try {
            try (ThreadPool pool = new ThreadPool(1)) {
                pool.map(Fns::square, List.of(1, 2, 3));
            }
            assertTrue(records.stream().noneMatch(r -> r.getLevel().intValue() >= Level.INFO.intValue()),
                    "nothing at INFO or above: " + records);
            assertTrue(records.isEmpty(), "DEBUG is off by default: " + records);
            jul.setLevel(Level.FINE);
            try (ThreadPool pool = new ThreadPool(1)) {
                pool.map(Fns::square, List.of(1, 2, 3));
            }
            assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.FINE
                    && java.text.MessageFormat.format(r.getMessage(), r.getParameters()).contains("mp4j-thread-worker-0")
                    && java.text.MessageFormat.format(r.getMessage(), r.getParameters()).contains("ready")), records.toString());
        } finally {
            jul.removeHandler(h);
            jul.setLevel(was);
        }
    }

    @Test
    void workerOutputLinesStartWithTheWorkersName() throws Exception {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            Pool pool = Pool.builder().processes(1).prefixOutput(true).reuseWorkers(false).build();
            try {
                assertEquals("prefix-test", pool.apply(Fns::greet, "prefix-test"));
            } finally {
                pool.shutdown(); // a worker's output is all copied before its end is reported
                assertTrue(pool.join(Duration.ofSeconds(60)));
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String so = o.toString(StandardCharsets.UTF_8), se = e.toString(StandardCharsets.UTF_8);
        assertTrue(so.matches("(?s).*\\[PoolWorker-\\d+\\] hello prefix-test\\R.*"), so);
        assertTrue(se.matches("(?s).*\\[PoolWorker-\\d+\\] warning prefix-test\\R.*"), se);
    }
}
