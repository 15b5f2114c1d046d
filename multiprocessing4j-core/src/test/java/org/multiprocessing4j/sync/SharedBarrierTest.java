package org.multiprocessing4j.sync;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.shm.SharedArray;

/** Ports CPython's {@code _TestBarrier}: N-1 helpers (threads, and processes where it matters) plus the caller. */
@ExtendWith(ShmLeakCheck.class)
@Timeout(60)
class SharedBarrierTest {
    static final int N = 5;
    static final Duration T = Duration.ofSeconds(30);

    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} in N-1 threads and the caller; rethrows the first failure. */
    static void inParallel(Body body) throws Exception {
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < N - 1; i++) {
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        try {
            body.run();
        } catch (Throwable e) {
            errors.add(e);
        }
        for (Thread t : ts) t.join(T.toMillis());
        if (!errors.isEmpty()) throw new AssertionError(errors.getFirst());
    }

    static void multipass(SharedBarrier b, SharedArray.OfInt counts, int passes) throws Exception {
        for (int i = 0; i < passes; i++) {
            counts.getAndAdd(0, 1);
            assertEquals(i * N, counts.get(1));
            b.await(T);
            counts.getAndAdd(1, 1);
            assertEquals((i + 1) * N, counts.get(0));
            b.await(T);
        }
        assertEquals(0, b.numberWaiting());
        assertFalse(b.isBroken());
    }

    @Test
    void passesInLockstepAcrossProcessesAndThreads() throws Exception {
        SharedBarrier b = new SharedBarrier(N, null, T);
        SharedArray.OfInt counts = SharedArray.rawInts(2);
        try (Children children = new Children()) {
            List<JvmProcess> ps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ps.add(children.start(() -> {
                    try {
                        multipass(b, counts, 10);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            List<Thread> ts = new ArrayList<>();
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < N - 3; i++) {
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        multipass(b, counts, 10);
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            multipass(b, counts, 10);
            for (Thread t : ts) t.join(T.toMillis());
            assertTrue(errors.isEmpty(), () -> errors.toString());
            for (JvmProcess p : ps) Children.joinOk(p);
        }
    }

    @Test
    void thousandPassesWithThreads() throws Exception {
        SharedBarrier b = new SharedBarrier(N);
        SharedArray.OfInt counts = SharedArray.rawInts(2);
        inParallel(() -> multipass(b, counts, 200));
    }

    @Test
    void exactlyOneAwaitReturnsEachIndex() throws Exception {
        SharedBarrier b = new SharedBarrier(N);
        SharedArray.OfInt seen = SharedArray.rawInts(N);
        inParallel(() -> seen.getAndAdd(b.await(T), 1));
        for (int i = 0; i < N; i++) assertEquals(1, seen.get(i));
    }

    @Test
    void actionRunsOncePerRound() throws Exception {
        SharedArray.OfInt runs = SharedArray.rawInts(1);
        SerializableRunnable action = () -> runs.getAndAdd(0, 1);
        SharedBarrier b = new SharedBarrier(N, action, T);
        inParallel(() -> {
            b.await();
            assertEquals(1, runs.get(0));
        });
        assertEquals(1, runs.get(0));
    }

    @Test
    void failingActionBreaksTheBarrier() throws Exception {
        SharedBarrier b = new SharedBarrier(N, () -> {
            throw new IllegalStateException("action failed");
        }, T);
        SharedArray.OfInt outcomes = SharedArray.rawInts(2); // broken, action failure
        inParallel(() -> {
            try {
                b.await();
            } catch (BrokenBarrierException e) {
                outcomes.getAndAdd(0, 1);
            } catch (IllegalStateException e) {
                outcomes.getAndAdd(1, 1);
            }
        });
        assertEquals(N - 1, outcomes.get(0));
        assertEquals(1, outcomes.get(1));
        assertTrue(b.isBroken());
        b.reset();
        assertFalse(b.isBroken());
    }

    @Test
    void abortBreaksWaitersAndResetRepairs() throws Exception {
        SharedBarrier b = new SharedBarrier(N);
        SharedArray.OfInt broken = SharedArray.rawInts(1);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < N - 2; i++) {
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    b.await(T);
                } catch (BrokenBarrierException e) {
                    broken.getAndAdd(0, 1);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        long deadline = System.nanoTime() + T.toNanos();
        while (b.numberWaiting() < N - 2 && System.nanoTime() < deadline) Thread.sleep(5);
        b.abort();
        for (Thread t : ts) t.join(T.toMillis());
        assertEquals(N - 2, broken.get(0));
        assertThrows(BrokenBarrierException.class, () -> b.await(T));
        b.reset();
        SharedArray.OfInt passed = SharedArray.rawInts(1);
        inParallel(() -> {
            b.await(T);
            passed.getAndAdd(0, 1);
        });
        assertEquals(N, passed.get(0));
    }

    @Test
    void resetWhileWaitingBreaksTheWaitersThenTheBarrierWorks() throws Exception {
        SharedBarrier b = new SharedBarrier(N);
        SharedArray.OfInt broken = SharedArray.rawInts(1);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    b.await(T);
                } catch (BrokenBarrierException e) {
                    broken.getAndAdd(0, 1);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        long deadline = System.nanoTime() + T.toNanos();
        while (b.numberWaiting() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
        b.reset();
        for (Thread t : ts) t.join(T.toMillis());
        assertEquals(2, broken.get(0));
        assertFalse(b.isBroken());
        SharedArray.OfInt passed = SharedArray.rawInts(1);
        inParallel(() -> {
            b.await(T);
            passed.getAndAdd(0, 1);
        });
        assertEquals(N, passed.get(0));
    }

    @Test
    void timeoutBreaksTheBarrier() throws Exception {
        SharedBarrier b = new SharedBarrier(2);
        long t0 = System.nanoTime();
        assertThrows(TimeoutException.class, () -> b.await(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - t0 >= 190_000_000L);
        assertTrue(b.isBroken());
        assertThrows(BrokenBarrierException.class, () -> b.await(Duration.ofMillis(200)));
        SharedBarrier withDefault = new SharedBarrier(2, null, Duration.ofMillis(100));
        assertThrows(TimeoutException.class, withDefault::await);
    }

    @Test
    void singlePartyNeverWaitsAndSerializedCopyIsTheSameBarrier() throws Exception {
        SharedBarrier one = new SharedBarrier(1);
        assertEquals(0, one.await());
        assertEquals(0, one.await());
        SharedBarrier two = new SharedBarrier(2);
        SharedBarrier copy = SharedLockTest.roundTrip(two);
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                copy.await(T);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        two.await(T);
        t.join(T.toMillis());
        assertFalse(two.isBroken());
        assertThrows(IllegalArgumentException.class, () -> new SharedBarrier(0));
    }
}
