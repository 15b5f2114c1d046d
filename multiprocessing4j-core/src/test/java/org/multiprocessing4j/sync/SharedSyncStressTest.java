package org.multiprocessing4j.sync;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.shm.SharedArray;
import org.multiprocessing4j.shm.SharedValue;

/**
 * Many processes by many operations: mutual exclusion, no lost increment, no lost wake-up; a holder killed with
 * SIGKILL; timeouts under contention. Every wait is bounded and every child is reaped.
 */
@ExtendWith(ShmLeakCheck.class)
@Timeout(120)
class SharedSyncStressTest {
    static final int PROCS = 3, THREADS = 2, OPS = 20_000;

    /**
     * Each op: enter the critical section (a CAS on {@code inside} that must find it empty, else a violation is
     * counted), do a non-atomic read-modify-write of the counter, leave.
     */
    static void hammer(Lock lock, SharedArray.OfInt cells, int ops) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < ops; i++) {
                    lock.lock();
                    try {
                        if (!cells.compareAndSet(1, 0, 1)) cells.getAndAdd(2, 1);
                        cells.set(0, cells.get(0) + 1); // plain read then write: loses updates without exclusion
                        cells.set(1, 0);
                    } finally {
                        lock.unlock();
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
    }

    static void hammerChild(Lock lock, SharedArray.OfInt cells, SharedEvent go) {
        try {
            if (!go.await(Duration.ofSeconds(60))) throw new IllegalStateException("no go");
            hammer(lock, cells, OPS);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    private void mutualExclusion(Lock lock) throws Exception {
        SharedArray.OfInt cells = SharedArray.rawInts(3); // counter, inside flag, violations
        SharedEvent go = new SharedEvent();
        try (Children children = new Children()) {
            List<JvmProcess> ps = new ArrayList<>();
            for (int i = 0; i < PROCS; i++) ps.add(children.start(() -> hammerChild(lock, cells, go)));
            go.set();
            hammer(lock, cells, OPS);
            for (JvmProcess p : ps) Children.joinOk(p);
        }
        assertEquals(0, cells.get(2), "threads were inside the critical section together");
        assertEquals((PROCS + 1) * THREADS * OPS, cells.get(0), "lost increments");
        assertFalse(((Object) lock instanceof SharedLock l) && l.isLocked());
    }

    @Test
    void lockGivesMutualExclusionAcrossProcessesAndThreads() throws Exception {
        mutualExclusion(new SharedLock());
    }

    @Test
    void reentrantLockGivesMutualExclusionAcrossProcessesAndThreads() throws Exception {
        mutualExclusion(new SharedReentrantLock());
    }

    static void incrementValue(SharedValue.OfInt v, SharedEvent go, int n) {
        try {
            if (!go.await(Duration.ofSeconds(60))) throw new IllegalStateException("no go");
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
        Lock l = v.lock();
        for (int i = 0; i < n; i++) {
            l.lock();
            try {
                v.set(v.get() + 1);
            } finally {
                l.unlock();
            }
        }
    }

    @Test
    void valueIncrementedUnderItsLockByTwoProcessesLosesNothing() throws Exception {
        SharedValue.OfInt v = SharedValue.ofInt(0);
        SharedEvent go = new SharedEvent();
        try (Children children = new Children()) {
            JvmProcess a = children.start(() -> incrementValue(v, go, 50_000));
            JvmProcess b = children.start(() -> incrementValue(v, go, 50_000));
            go.set();
            Children.joinOk(a);
            Children.joinOk(b);
        }
        assertEquals(100_000, v.get());
    }

    /** Ping-pong through two semaphores: a lost wake-up would stall a round and hit the bounded wait. */
    static void pong(SharedSemaphore ping, SharedSemaphore pong, SharedValue.OfLong ball, int rounds) {
        try {
            for (int i = 0; i < rounds; i++) {
                if (!ping.tryAcquire(Duration.ofSeconds(20))) throw new IllegalStateException("lost wake-up at " + i);
                ball.set(ball.get() + 1);
                pong.release();
            }
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void semaphorePingPongLosesNoWakeUp() throws Exception {
        int rounds = 3_000;
        SharedSemaphore ping = new SharedSemaphore(0), pong = new SharedSemaphore(0);
        SharedValue.OfLong ball = SharedValue.rawLong(0);
        try (Children children = new Children()) {
            JvmProcess p = children.start(() -> pong(ping, pong, ball, rounds));
            for (int i = 0; i < rounds; i++) {
                ball.set(ball.get() + 1);
                ping.release();
                assertTrue(pong.tryAcquire(Duration.ofSeconds(20)), "lost wake-up at round " + i);
                assertEquals(2L * (i + 1), ball.get());
            }
            Children.joinOk(p);
        }
    }

    /** Condition ping-pong: turn 0 is the parent's, 1 the child's. */
    static void conditionPlayer(SharedCondition cond, SharedValue.OfInt turn, int me, int rounds) {
        try {
            cond.lock().lock();
            try {
                for (int i = 0; i < rounds; i++) {
                    if (!cond.awaitFor(() -> turn.get() == me, Duration.ofSeconds(20))) {
                        throw new IllegalStateException("lost wake-up at " + i);
                    }
                    turn.set(1 - me);
                    cond.signalAll();
                }
            } finally {
                cond.lock().unlock();
            }
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void conditionPingPongLosesNoWakeUp() throws Exception {
        SharedCondition cond = new SharedCondition();
        SharedValue.OfInt turn = SharedValue.rawInt(0);
        try (Children children = new Children()) {
            JvmProcess p = children.start(() -> conditionPlayer(cond, turn, 1, 1_000));
            conditionPlayer(cond, turn, 0, 1_000);
            Children.joinOk(p);
        }
        assertEquals(0, turn.get());
    }

    static void holdAndHang(Lock lock, SharedEvent held) {
        lock.lock();
        held.set();
        try {
            new SharedEvent().await(Duration.ofSeconds(120)); // hang until killed
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    private void killedHolder(Lock lock, boolean reentrant) throws Exception {
        SharedEvent held = new SharedEvent();
        SharedValue.OfInt guarded = SharedValue.rawInt(0);
        try (Children children = new Children()) {
            JvmProcess p = children.start(() -> holdAndHang(lock, held));
            assertTrue(held.await(Duration.ofSeconds(60)));
            assertFalse(lock.tryLock(100, TimeUnit.MILLISECONDS));
            p.kill();
            assertTrue(p.join(Duration.ofSeconds(30)));
            long t0 = System.nanoTime();
            assertTrue(lock.tryLock(10, TimeUnit.SECONDS), "lock of a dead holder not taken over");
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(tookMs < 1_000, "took over only after " + tookMs + " ms");
            boolean died = reentrant ? ((SharedReentrantLock) lock).previousOwnerDied()
                    : ((SharedLock) lock).previousOwnerDied();
            assertTrue(died, "the new owner was not told that the previous one died");
            guarded.set(1); // repair
            lock.unlock();
            assertTrue(lock.tryLock());
            assertFalse(reentrant ? ((SharedReentrantLock) lock).previousOwnerDied()
                    : ((SharedLock) lock).previousOwnerDied());
            lock.unlock();
        }
    }

    @Test
    void lockOfAHolderKilledWithSigkillIsTakenOverWithinOneSecond() throws Exception {
        killedHolder(new SharedLock(), false);
    }

    @Test
    void reentrantLockOfAHolderKilledWithSigkillIsTakenOverWithinOneSecond() throws Exception {
        killedHolder(new SharedReentrantLock(), true);
    }

    static void hold(Lock lock, SharedEvent held, SharedEvent release) {
        lock.lock();
        try {
            held.set();
            if (!release.await(Duration.ofSeconds(60))) throw new IllegalStateException("not released");
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void timeoutsUnderContentionReturnFalseInTime() throws Exception {
        SharedLock lock = new SharedLock();
        SharedSemaphore sem = new SharedSemaphore(0);
        SharedEvent held = new SharedEvent(), release = new SharedEvent();
        try (Children children = new Children()) {
            JvmProcess p = children.start(() -> hold(lock, held, release));
            assertTrue(held.await(Duration.ofSeconds(60)));
            List<Thread> threads = new ArrayList<>();
            long[] elapsed = new long[8];
            boolean[] got = new boolean[8];
            for (int i = 0; i < 8; i++) {
                int k = i;
                threads.add(Thread.ofPlatform().start(() -> {
                    long t0 = System.nanoTime();
                    try {
                        got[k] = k % 2 == 0 ? lock.tryLock(300, TimeUnit.MILLISECONDS)
                                : sem.tryAcquire(Duration.ofMillis(300));
                    } catch (InterruptedException e) {
                        got[k] = true;
                    }
                    elapsed[k] = System.nanoTime() - t0;
                }));
            }
            for (Thread t : threads) t.join(30_000);
            for (int i = 0; i < 8; i++) {
                assertFalse(got[i], "waiter " + i + " acquired");
                assertTrue(elapsed[i] >= 290_000_000L, "waiter " + i + " returned early: " + elapsed[i]);
                assertTrue(elapsed[i] < 10_000_000_000L, "waiter " + i + " overslept: " + elapsed[i]);
            }
            release.set();
            assertTrue(lock.tryLock(30, TimeUnit.SECONDS));
            lock.unlock();
            Children.joinOk(p);
        }
    }
}
