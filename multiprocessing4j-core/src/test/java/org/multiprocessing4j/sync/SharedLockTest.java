package org.multiprocessing4j.sync;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.JvmProcess;

/** Ports CPython's {@code _TestLock} (Lock and RLock), plus serialization and cross-process release. */
@ExtendWith(ShmLeakCheck.class)
@Timeout(60)
class SharedLockTest {

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T o) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void lockAcquireReleaseAndDoubleReleaseIsAnError() {
        SharedLock lock = new SharedLock();
        assertTrue(lock.tryLock());
        assertFalse(lock.tryLock());
        assertTrue(lock.isLocked());
        lock.unlock();
        assertFalse(lock.isLocked());
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
        lock.lock();
        assertFalse(lock.previousOwnerDied());
        lock.unlock();
    }

    @Test
    void lockMayBeReleasedByAnotherThread() throws Exception {
        SharedLock lock = new SharedLock();
        lock.lock();
        Thread t = Thread.ofPlatform().start(lock::unlock);
        t.join(10_000);
        assertFalse(lock.isLocked());
    }

    @Test
    void lockTimesOutWhenHeld() throws Exception {
        SharedLock lock = new SharedLock();
        lock.lock();
        AtomicReference<Boolean> got = new AtomicReference<>();
        long[] elapsed = new long[1];
        Thread t = Thread.ofPlatform().start(() -> {
            long t0 = System.nanoTime();
            try {
                got.set(lock.tryLock(200, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                got.set(null);
            }
            elapsed[0] = System.nanoTime() - t0;
        });
        t.join(10_000);
        assertEquals(Boolean.FALSE, got.get());
        assertTrue(elapsed[0] >= 190_000_000L, "returned early: " + elapsed[0]);
        assertFalse(lock.tryLock(0, TimeUnit.SECONDS));
        lock.unlock();
    }

    @Test
    void lockInterruptiblyHonoursInterrupt() throws Exception {
        SharedLock lock = new SharedLock();
        lock.lock();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            waiting.countDown();
            try {
                lock.lockInterruptibly();
                outcome.set(new AssertionError("acquired a held lock"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertInstanceOf(InterruptedException.class, outcome.get());
        lock.unlock();
    }

    @Test
    void uninterruptibleLockKeepsInterruptFlag() {
        SharedLock lock = new SharedLock();
        Thread.currentThread().interrupt();
        lock.lock();
        assertTrue(Thread.interrupted());
        lock.unlock();
    }

    @Test
    void rlockCountsHoldsAndOnlyOwnerReleases() throws Exception {
        SharedReentrantLock lock = new SharedReentrantLock();
        assertTrue(lock.tryLock());
        lock.lock();
        lock.lock();
        assertEquals(3, lock.getHoldCount());
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                lock.unlock();
            } catch (Throwable e) {
                other.set(e);
            }
            try {
                other.compareAndSet(null, new AssertionError(lock.tryLock(50, TimeUnit.MILLISECONDS) ? "got it" : null));
            } catch (InterruptedException e) {
                other.set(e);
            }
        });
        t.join(10_000);
        assertInstanceOf(IllegalMonitorStateException.class, other.get());
        lock.unlock();
        lock.unlock();
        lock.unlock();
        assertFalse(lock.isLocked());
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }

    @Test
    void toStringShowsState() {
        SharedLock lock = new SharedLock();
        assertTrue(lock.toString().endsWith("unlocked]"), lock.toString());
        lock.lock();
        assertTrue(lock.toString().contains("locked by pid " + ProcessHandle.current().pid()), lock.toString());
        lock.unlock();
        SharedReentrantLock r = new SharedReentrantLock();
        r.lock();
        assertTrue(r.toString().contains("locked by pid"), r.toString());
        r.unlock();
    }

    @Test
    void deserializedCopySharesTheWord() throws Exception {
        SharedLock lock = new SharedLock();
        SharedLock copy = roundTrip(lock);
        assertNotSame(lock, copy);
        lock.lock();
        assertFalse(copy.tryLock());
        copy.unlock(); // any holder may release
        assertTrue(lock.tryLock());
        lock.unlock();
        SharedReentrantLock r = new SharedReentrantLock();
        SharedReentrantLock rc = roundTrip(r);
        r.lock();
        assertTrue(rc.isHeldByCurrentThread());
        rc.lock();
        assertEquals(2, r.getHoldCount());
        rc.unlock();
        r.unlock();
        assertFalse(r.isLocked());
    }

    static void release(SharedLock lock, SharedEvent done) {
        lock.unlock();
        done.set();
    }

    static void holdThenRelease(SharedReentrantLock lock, SharedEvent held, SharedEvent go) throws Exception {
        lock.lock();
        lock.lock();
        held.set();
        if (!go.await(Duration.ofSeconds(30))) throw new IllegalStateException("no go");
        lock.unlock();
        lock.unlock();
    }

    @Test
    void anotherProcessReleasesALockAndHoldsAnRLock() throws Exception {
        SharedLock lock = new SharedLock();
        SharedEvent done = new SharedEvent();
        SharedReentrantLock rlock = new SharedReentrantLock();
        SharedEvent held = new SharedEvent(), go = new SharedEvent();
        try (Children children = new Children()) {
            lock.lock();
            assertTrue(lock.isHeldByCurrentThread());
            JvmProcess p = children.start(() -> release(lock, done));
            JvmProcess q = children.start(() -> {
                try {
                    holdThenRelease(rlock, held, go);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(done.await(Duration.ofSeconds(60)));
            assertFalse(lock.isLocked());
            assertFalse(lock.isHeldByCurrentThread(), "released by another process: no longer ours");
            assertTrue(held.await(Duration.ofSeconds(60)));
            assertEquals(q.pid().getAsLong(), rlock.ownerPid());
            assertFalse(rlock.tryLock(100, TimeUnit.MILLISECONDS));
            assertThrows(IllegalMonitorStateException.class, rlock::unlock);
            go.set();
            assertTrue(rlock.tryLock(30, TimeUnit.SECONDS));
            assertFalse(rlock.previousOwnerDied());
            rlock.unlock();
            Children.joinOk(p);
            Children.joinOk(q);
        }
    }
}
