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
import org.multiprocessing4j.shm.SharedValue;

/** Ports CPython's {@code _TestSemaphore}, {@code _TestCondition} and {@code _TestEvent}. */
@ExtendWith(ShmLeakCheck.class)
@Timeout(60)
class SharedPrimitivesTest {
    static final Duration LONG = Duration.ofSeconds(30);

    private static void exercise(SharedSemaphore sem) throws Exception {
        assertTrue(sem.tryAcquire(LONG));
        assertEquals(1, sem.availablePermits());
        assertTrue(sem.tryAcquire());
        assertEquals(0, sem.availablePermits());
        assertFalse(sem.tryAcquire());
        sem.release();
        assertEquals(1, sem.availablePermits());
        sem.release();
        assertEquals(2, sem.availablePermits());
    }

    @Test
    void semaphoreCounts() throws Exception {
        SharedSemaphore sem = new SharedSemaphore(2);
        exercise(sem);
        sem.release();
        assertEquals(3, sem.availablePermits());
        assertThrows(IllegalArgumentException.class, () -> new SharedSemaphore(-1));
    }

    @Test
    void boundedSemaphoreRefusesOverRelease() throws Exception {
        SharedBoundedSemaphore sem = new SharedBoundedSemaphore(2);
        exercise(sem);
        assertThrows(IllegalStateException.class, sem::release);
        assertEquals(2, sem.availablePermits());
        SharedSemaphore copy = SharedLockTest.roundTrip(sem);
        assertInstanceOf(SharedBoundedSemaphore.class, copy);
        assertThrows(IllegalStateException.class, copy::release);
    }

    @Test
    void semaphoreTimeouts() throws Exception {
        SharedSemaphore sem = new SharedSemaphore(0);
        long t0 = System.nanoTime();
        assertFalse(sem.tryAcquire());
        assertFalse(sem.tryAcquire(Duration.ZERO));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
        t0 = System.nanoTime();
        assertFalse(sem.tryAcquire(Duration.ofMillis(200)));
        long elapsed = System.nanoTime() - t0;
        assertTrue(elapsed >= 190_000_000L && elapsed < 5_000_000_000L, "elapsed " + elapsed);
    }

    @Test
    void semaphoreAcquireIsInterruptible() throws Exception {
        SharedSemaphore sem = new SharedSemaphore(0);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, sem::acquire);
        Thread waiter = Thread.ofPlatform().start(() -> assertThrows(InterruptedException.class, sem::acquire));
        while (waiter.getState() != Thread.State.RUNNABLE && waiter.isAlive()) Thread.onSpinWait();
        waiter.interrupt();
        waiter.join(10_000);
        assertFalse(waiter.isAlive());
    }

    // ---- Condition -------------------------------------------------------------------------------------------

    /** CPython's helper: take the lock, report sleeping, wait, report woken. */
    static void sleeper(SharedCondition cond, SharedSemaphore sleeping, SharedSemaphore woken, Duration timeout) {
        cond.lock().lock();
        try {
            sleeping.release();
            cond.await(timeout);
            woken.release();
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        } finally {
            cond.lock().unlock();
        }
    }

    private static void awaitPermits(SharedSemaphore sem, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) assertTrue(sem.tryAcquire(LONG));
    }

    /** Polls (bounded) until {@code sem} holds exactly {@code n} and stays there for 100 ms. */
    private static void assertSettlesAt(SharedSemaphore sem, int n) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (sem.availablePermits() != n && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(n, sem.availablePermits());
        Thread.sleep(100); // nothing more may arrive: a surplus wake-up would show here
        assertEquals(n, sem.availablePermits());
    }

    private static void signal(SharedCondition cond, int n) {
        cond.lock().lock();
        try {
            cond.signal(n);
        } finally {
            cond.lock().unlock();
        }
    }

    @Test
    void notifyWakesOneAtATimeAcrossProcessAndThread() throws Exception {
        SharedCondition cond = new SharedCondition();
        SharedSemaphore sleeping = new SharedSemaphore(0), woken = new SharedSemaphore(0);
        try (Children children = new Children()) {
            JvmProcess p = children.start(() -> sleeper(cond, sleeping, woken, LONG));
            Thread t = Thread.ofPlatform().start(() -> sleeper(cond, sleeping, woken, LONG));
            awaitPermits(sleeping, 2);
            waitUntilWaiting(cond, 2);
            assertEquals(0, woken.availablePermits());
            signal(cond, 1);
            assertSettlesAt(woken, 1);
            signal(cond, 1);
            assertSettlesAt(woken, 2);
            assertEquals(0, cond.waiting());
            t.join(30_000);
            Children.joinOk(p);
        }
    }

    private static void waitUntilWaiting(SharedCondition cond, int n) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (cond.waiting() < n && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(n, cond.waiting());
    }

    @Test
    void notifyAllAfterTimeoutsAndNotifyN() throws Exception {
        SharedCondition cond = new SharedCondition();
        SharedSemaphore sleeping = new SharedSemaphore(0), woken = new SharedSemaphore(0);
        List<Thread> threads = new ArrayList<>();
        try (Children children = new Children()) {
            // Three waiters that time out: nothing must be left over for the next ones.
            List<JvmProcess> ps = new ArrayList<>();
            ps.add(children.start(() -> sleeper(cond, sleeping, woken, Duration.ofMillis(100))));
            for (int i = 0; i < 2; i++) {
                threads.add(Thread.ofPlatform().start(() -> sleeper(cond, sleeping, woken, Duration.ofMillis(100))));
            }
            awaitPermits(sleeping, 3);
            awaitPermits(woken, 3);
            assertEquals(0, cond.waiting());
            // Six waiters (two in a child process); notify(2), notify(4), notify(3) does nothing more.
            ps.add(children.start(() -> {
                List<Thread> ts = new ArrayList<>();
                for (int i = 0; i < 2; i++) ts.add(Thread.ofPlatform().start(() -> sleeper(cond, sleeping, woken, LONG)));
                for (Thread t : ts) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                }
            }));
            for (int i = 0; i < 4; i++) threads.add(Thread.ofPlatform().start(() -> sleeper(cond, sleeping, woken, LONG)));
            awaitPermits(sleeping, 6);
            waitUntilWaiting(cond, 6);
            assertEquals(0, woken.availablePermits());
            signal(cond, 2);
            assertSettlesAt(woken, 2);
            signal(cond, 4);
            assertSettlesAt(woken, 6);
            signal(cond, 3);
            assertSettlesAt(woken, 6);
            // notify_all: six more, all woken.
            awaitPermits(woken, 6);
            for (int i = 0; i < 6; i++) threads.add(Thread.ofPlatform().start(() -> sleeper(cond, sleeping, woken, LONG)));
            awaitPermits(sleeping, 6);
            waitUntilWaiting(cond, 6);
            cond.lock().lock();
            cond.signalAll();
            cond.lock().unlock();
            assertSettlesAt(woken, 6);
            for (Thread t : threads) t.join(30_000);
            for (JvmProcess p : ps) Children.joinOk(p);
        }
    }

    @Test
    void conditionWaitTimesOutAndNeedsTheLock() throws Exception {
        SharedCondition cond = new SharedCondition(new SharedLock());
        assertThrows(IllegalMonitorStateException.class, () -> cond.await(Duration.ZERO));
        assertThrows(IllegalMonitorStateException.class, cond::signal);
        cond.lock().lock();
        try {
            assertFalse(cond.await(Duration.ZERO));
            long t0 = System.nanoTime();
            assertFalse(cond.await(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - t0 >= 190_000_000L);
            assertTrue(((SharedLock) cond.lock()).isHeldByCurrentThread(), "lock not re-acquired");
        } finally {
            cond.lock().unlock();
        }
        assertThrows(IllegalArgumentException.class, () -> new SharedCondition(new java.util.concurrent.locks.ReentrantLock()));
    }

    @Test
    void reentrantHoldsAreRestoredAfterAWait() throws Exception {
        SharedReentrantLock lock = new SharedReentrantLock();
        SharedCondition cond = lock.newCondition();
        lock.lock();
        lock.lock();
        assertFalse(cond.await(Duration.ofMillis(20)));
        assertEquals(2, lock.getHoldCount());
        lock.unlock();
        lock.unlock();
    }

    static void waitForFour(SharedCondition cond, SharedValue.OfInt state) {
        cond.lock().lock();
        try {
            state.set(0);
            cond.signal();
            if (!cond.awaitFor(() -> state.get() == 4, LONG) || state.get() != 4) throw new IllegalStateException();
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        } finally {
            cond.lock().unlock();
        }
    }

    @Test
    void awaitForAPredicateAcrossProcesses() throws Exception {
        SharedCondition cond = new SharedCondition();
        SharedValue.OfInt state = SharedValue.ofInt(-1);
        try (Children children = new Children()) {
            JvmProcess p = children.start(() -> waitForFour(cond, state));
            cond.lock().lock();
            try {
                assertTrue(cond.awaitFor(() -> state.get() == 0, LONG));
                assertEquals(0, state.get());
            } finally {
                cond.lock().unlock();
            }
            for (int i = 0; i < 4; i++) {
                cond.lock().lock();
                try {
                    state.set(state.get() + 1);
                    cond.signal();
                } finally {
                    cond.lock().unlock();
                }
            }
            Children.joinOk(p);
        }
    }

    @Test
    void awaitForTimesOutWhenThePredicateStaysFalse() throws Exception {
        SharedCondition cond = new SharedCondition();
        SharedValue.OfInt state = SharedValue.ofInt(0);
        Thread bumper = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 3; i++) {
                cond.lock().lock();
                state.set(state.get() + 1);
                cond.signal();
                cond.lock().unlock();
            }
        });
        cond.lock().lock();
        try {
            long t0 = System.nanoTime();
            assertFalse(cond.awaitFor(() -> state.get() == 4, Duration.ofMillis(150)));
            assertTrue(System.nanoTime() - t0 >= 140_000_000L);
        } finally {
            cond.lock().unlock();
        }
        bumper.join(10_000);
    }

    @Test
    void conditionWaitIsInterruptibleAndReacquires() throws Exception {
        SharedCondition cond = new SharedCondition();
        Thread t = Thread.ofPlatform().start(() -> {
            cond.lock().lock();
            try {
                assertThrows(InterruptedException.class, () -> cond.await(LONG));
                assertTrue(((SharedReentrantLock) cond.lock()).isHeldByCurrentThread());
            } finally {
                cond.lock().unlock();
            }
        });
        long deadline = System.nanoTime() + LONG.toNanos();
        while (cond.waiting() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertEquals(0, cond.waiting());
    }

    // ---- Event -----------------------------------------------------------------------------------------------

    static void setLater(SharedEvent ready, SharedEvent event) {
        ready.set();
        event.set();
    }

    @Test
    void eventSetClearAwait() throws Exception {
        SharedEvent event = new SharedEvent();
        assertFalse(event.isSet());
        assertFalse(event.await(Duration.ZERO));
        long t0 = System.nanoTime();
        assertFalse(event.await(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - t0 >= 90_000_000L);
        event.set();
        assertTrue(event.isSet());
        assertTrue(event.await(Duration.ZERO));
        assertTrue(event.await(Duration.ofMillis(100)));
        assertTrue(event.toString().endsWith("set]"));
        event.clear();
        assertFalse(event.isSet());
        assertTrue(event.toString().endsWith("unset]"));
        SharedEvent ready = new SharedEvent();
        try (Children children = new Children()) {
            JvmProcess p = children.start(() -> setLater(ready, event));
            assertTrue(event.await(LONG));
            assertTrue(ready.isSet());
            Children.joinOk(p);
        }
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> new SharedEvent().await(LONG));
    }

    @Test
    void eventWakesEveryWaiter() throws Exception {
        SharedEvent event = new SharedEvent();
        List<Thread> ts = new ArrayList<>();
        boolean[] seen = new boolean[5];
        for (int i = 0; i < 5; i++) {
            int k = i;
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    seen[k] = event.await(LONG);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        event.set();
        for (Thread t : ts) t.join(30_000);
        for (boolean b : seen) assertTrue(b);
    }
}
