package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.multiprocessing4j.pool.Fns.range;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Progress counts items, not chunks (tqdm#1791), a failed chunk counts, and the last report comes exactly once
 * before the map returns — for every map method, on threads and on worker JVMs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ProgressTest {
    enum Kind { THREADS, PROCESSES }

    private TaskPool threads, processes;
    private PoolExecutor threadExecutor, processExecutor;

    TaskPool pool(Kind k) {
        if (k == Kind.THREADS) return threads != null ? threads : (threads = new ThreadPool(2));
        return processes != null ? processes : (processes = new Pool(2));
    }

    PoolExecutor executor(Kind k) {
        if (k == Kind.THREADS) return threadExecutor != null ? threadExecutor : (threadExecutor = new ThreadExecutor(2));
        return processExecutor != null ? processExecutor : (processExecutor = new ProcessPoolExecutor(2));
    }

    @AfterAll
    void tearDown() throws Exception {
        for (TaskPool p : new TaskPool[] {threads, processes}) {
            if (p != null) {
                p.terminate();
                assertTrue(p.join(Duration.ofSeconds(30)));
            }
        }
        for (PoolExecutor e : new PoolExecutor[] {threadExecutor, processExecutor}) {
            if (e != null) {
                e.shutdownNow();
                assertTrue(e.awaitTermination(30, TimeUnit.SECONDS));
            }
        }
        Children.assertNoneLeft();
    }


    /** Collects snapshots; checks the listener contract on every call. */
    static final class Recorder implements ProgressListener {
        final List<Progress> seen = new CopyOnWriteArrayList<>();
        final AtomicBoolean inCall = new AtomicBoolean();
        final CountDownLatch finished = new CountDownLatch(1);
        volatile String violation;

        @Override
        public void onProgress(Progress p) {
            if (!inCall.compareAndSet(false, true)) violation = "overlapping calls";
            if (!Thread.currentThread().getName().equals("mp4j-progress")) violation = "called on " + Thread.currentThread();
            if (!seen.isEmpty()) {
                Progress last = seen.getLast();
                if (last.finished()) violation = "a call after the finished one";
                if (p.done() < last.done() || p.failed() < last.failed()) violation = "counts went down: " + last + " -> " + p;
            }
            seen.add(p);
            inCall.set(false);
            if (p.finished()) finished.countDown();
        }

        Progress last() {
            assertNull(violation, violation);
            assertFalse(seen.isEmpty(), "no progress reported");
            Progress p = seen.getLast();
            assertTrue(p.finished(), "the last report is the finished one: " + seen);
            assertEquals(1, seen.stream().filter(Progress::finished).count());
            return p;
        }

        /** Every count reported is a sum of whole chunks of {@code chunksize} (the last may be short). */
        void assertWholeChunks(int chunksize, int total) {
            for (Progress p : seen) {
                assertTrue(p.done() % chunksize == 0 || p.done() == total, "count inside a chunk: " + p);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void mapCountsItemsOfChunks(Kind kind) throws Exception {
        Recorder r = new Recorder();
        List<Integer> out = pool(kind).map(Fns::square, range(10_000),
                MapOptions.defaults().withChunksize(1000).withProgressListener(r).withLabel("squares"));
        assertEquals(10_000, out.size());
        assertEquals(81, out.get(9));
        Progress last = r.last(); // made before map returned
        assertEquals(10_000, last.done(), "a chunk of 1000 items advances the count by 1000");
        assertEquals(10_000, last.total());
        assertEquals(0, last.failed());
        assertEquals("squares", last.label());
        assertEquals(1.0, last.fraction().getAsDouble());
        assertTrue(last.rate() > 0);
        r.assertWholeChunks(1000, 10_000);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void imapUnorderedCountsAnUnevenLastChunk(Kind kind) {
        Recorder r = new Recorder();
        int n = 0;
        try (ResultIterator<Integer> it = pool(kind).imapUnordered(Fns::square, range(100),
                MapOptions.defaults().withChunksize(7).withProgressListener(r))) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
            Progress last = r.last(); // made before hasNext reported the end
            assertEquals(100, n);
            assertEquals(100, last.done());
            assertEquals(100, last.total());
            r.assertWholeChunks(7, 100);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void imapOverAnInputOfUnknownSizeLearnsItsTotal(Kind kind) {
        Recorder r = new Recorder();
        Iterable<Integer> lazy = () -> IntStream.range(0, 50).boxed().iterator();
        List<Integer> got = new ArrayList<>();
        try (ResultIterator<Integer> it = pool(kind).imap(Fns::ident, lazy,
                MapOptions.defaults().withChunksize(4).withProgressListener(r))) {
            it.forEachRemaining(got::add);
        }
        assertEquals(range(50), got);
        Progress last = r.last();
        assertEquals(50, last.done());
        assertEquals(50, last.total(), "the total is known once the input was read to its end");
        assertTrue(r.seen.stream().allMatch(p -> p.total() == -1 || p.total() == 50));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void executorMapCountsItems(Kind kind) {
        Recorder r = new Recorder();
        List<Integer> got = new ArrayList<>();
        try (ResultIterator<Integer> it = executor(kind).map(Fns::square, range(95),
                MapOptions.defaults().withChunksize(10).withProgressListener(r))) {
            it.forEachRemaining(got::add);
        }
        assertEquals(95, got.size());
        Progress last = r.last();
        assertEquals(95, last.done());
        assertEquals(95, last.total());
        r.assertWholeChunks(10, 95);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aFailedChunkIsCountedAsFailedItems(Kind kind) {
        Recorder r = new Recorder();
        // Fns.failOn throws for 5: chunk #0 (items 0..9) fails as a whole
        RuntimeException e = assertThrows(IllegalArgumentException.class, () -> pool(kind).map(Fns::failOn, range(100),
                MapOptions.defaults().withChunksize(10).withProgressListener(r)));
        assertTrue(e.getMessage().contains("bad input 5"), e.getMessage());
        Progress last = r.last();
        assertEquals(10, last.failed(), "the failed chunk's 10 items count as failed");
        assertTrue(last.done() >= 10 && last.done() % 10 == 0, "the failed chunk counts as done: " + last);
        assertEquals(100, last.total());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aFailedChunkOfALazyMapIsCounted(Kind kind) {
        Recorder r = new Recorder();
        try (ResultIterator<Integer> it = pool(kind).imapUnordered(Fns::failOn, range(40),
                MapOptions.defaults().withChunksize(8).withProgressListener(r))) {
            assertThrows(IllegalArgumentException.class, () -> {
                while (it.hasNext()) it.next();
            });
        }
        Progress last = r.last(); // close() made the last report
        assertEquals(8, last.failed());
        assertTrue(last.done() >= 8 && last.done() % 8 == 0, last.toString());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void mapAsyncAndStarmapReport(Kind kind) throws Exception {
        Recorder r = new Recorder();
        AsyncResult<List<Integer>> f = pool(kind).mapAsync(Fns::square, range(30),
                MapOptions.defaults().withChunksize(3).withProgressListener(r));
        assertEquals(30, f.get(Duration.ofSeconds(60)).size());
        Recorder s = new Recorder();
        List<Integer> sums = pool(kind).starmap(Fns::add, List.of(java.util.Map.entry(1, 2), java.util.Map.entry(3, 4)),
                MapOptions.defaults().withProgressListener(s));
        assertEquals(List.of(3, 7), sums);
        assertEquals(2, s.last().done());
        assertTrue(r.finished.await(10, TimeUnit.SECONDS), "mapAsync's last report may follow its result, not much");
        assertEquals(30, r.last().done());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anEmptyInputFinishesAtOnce(Kind kind) throws Exception {
        Recorder r = new Recorder();
        assertEquals(List.of(), pool(kind).map(Fns::square, List.<Integer>of(), MapOptions.defaults().withProgressListener(r)));
        Progress last = r.last();
        assertEquals(0, last.done());
        assertEquals(0, last.total());
        assertEquals(1.0, last.fraction().getAsDouble());
    }

    @Test
    void aSlowListenerDoesNotStallTheMap() throws Exception {
        CountDownLatch mapDone = new CountDownLatch(1);
        ProgressListener slow = p -> {
            try {
                // blocks until the map has completed: if reporting stalled dispatch, the map never would (and the
                // get below gives up long before this wait)
                mapDone.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        AsyncResult<List<Integer>> f = pool(Kind.THREADS).mapAsync(Fns::sleepMillis, List.of(50, 50, 50, 50, 50, 50),
                MapOptions.defaults().withChunksize(1).withProgressListener(slow).withProgressInterval(Duration.ofMillis(1)));
        assertEquals(6, f.get(Duration.ofSeconds(60)).size());
        mapDone.countDown();
    }

    @Test
    void aThrowingListenerDoesNotHurtTheMap() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            List<Integer> out = pool(Kind.THREADS).map(Fns::square, range(20), MapOptions.defaults().withChunksize(2)
                    .withProgressListener(p -> {
                        throw new IllegalStateException("listener bug");
                    }));
            assertEquals(range(20).stream().map(x -> x * x).toList(), out);
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("listener bug"));
    }

    @Test
    void theBarIsDrawnOnAGivenStream() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(b, true, StandardCharsets.UTF_8);
        pool(Kind.THREADS).map(Fns::square, range(200), MapOptions.defaults().withChunksize(20).withProgressBar(out)
                .withLabel("sq"));
        String s = b.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("\rsq ["), s);
        assertTrue(s.endsWith(System.lineSeparator()), "the last draw ends the line");
        String lastLine = s.substring(s.lastIndexOf('\r') + 1);
        assertTrue(lastLine.contains("[##############################] 200/200 100%"), lastLine);
        assertTrue(lastLine.contains("items/s"), lastLine);
    }

    @Test
    void theConsoleBarStaysQuietWhenStderrIsNotATerminal() throws Exception {
        // under the build, standard error is a pipe: a bar there would litter the log
        assumeFalse(org.multiprocessing4j.internal.progress.Terminal.stderrIsTerminal(), "run with stderr on a terminal");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            pool(Kind.THREADS).map(Fns::square, range(100), MapOptions.defaults().withChunksize(10).withProgressBar());
        } finally {
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDeadlineFailsTheMapAndCancelsItsTasks() {
        // two workers, eight tasks of 2 s: the map cannot finish in 300 ms
        CompletionException e = assertThrows(CompletionException.class, () -> pool(Kind.THREADS).map(Fns::sleepMillis,
                List.of(2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000),
                MapOptions.defaults().withChunksize(1).withTimeout(Duration.ofMillis(300))));
        assertInstanceOf(TimeoutException.class, e.getCause());
        try (ResultIterator<Integer> it = pool(Kind.THREADS).imap(Fns::sleepMillis, List.of(2000, 2000, 2000),
                MapOptions.defaults().withTimeout(Duration.ofMillis(300)))) {
            CompletionException ie = assertThrows(CompletionException.class, it::next);
            assertInstanceOf(TimeoutException.class, ie.getCause());
        }
    }

    @Test
    void optionsValidateAndKeepTheirValues() {
        assertThrows(IllegalArgumentException.class, () -> MapOptions.defaults().withChunksize(-1));
        assertThrows(IllegalArgumentException.class, () -> MapOptions.defaults().withTotal(-1));
        assertThrows(IllegalArgumentException.class, () -> MapOptions.defaults().withTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> MapOptions.defaults().withProgressInterval(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> MapOptions.defaults().withProgressBar((PrintStream) null));
        MapOptions o = MapOptions.defaults().withChunksize(5).withTimeout(Duration.ofSeconds(3)).withLabel("x")
                .withTotal(9).withProgressInterval(Duration.ofMillis(20));
        assertEquals(5, o.chunksize());
        assertEquals(Duration.ofSeconds(3), o.timeout().orElseThrow());
        assertEquals("x", o.label().orElseThrow());
        assertEquals(9, o.total());
        assertEquals(Duration.ofMillis(20), o.progressInterval());
        assertFalse(o.reportsProgress());
        assertTrue(o.withProgressBar().reportsProgress());
        assertEquals(0, MapOptions.defaults().chunksize(), "defaults are not changed by a with");
    }

    @Test
    void progressSnapshotsComputeShareAndTimeLeft() {
        Progress p = new Progress("h", 25, 0, 100, Duration.ofSeconds(5), 5.0, false);
        assertEquals(0.25, p.fraction().getAsDouble());
        assertEquals(Duration.ofSeconds(15), p.eta().orElseThrow());
        assertEquals("h: 25/100 items (25%), 5 items/s, 0:15 left", p.toString());
        Progress unknown = new Progress("", 7, 2, -1, Duration.ofSeconds(1), 7.0, false);
        assertTrue(unknown.fraction().isEmpty());
        assertTrue(unknown.eta().isEmpty());
        assertEquals("7 items, 2 failed, 7 items/s", unknown.toString());
        assertThrows(IllegalArgumentException.class, () -> new Progress("", 1, 2, 5, Duration.ZERO, 0, false));
        Progress end = new Progress("", 100, 0, 100, Duration.ofMillis(61_400), 1630.0, true);
        assertEquals("100/100 items (100%), 1.63k items/s, done in 1:01", end.toString());
    }
}
