package org.multiprocessing4j.connection;

import static org.junit.jupiter.api.Assertions.*;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code close()} from another thread while a thread is blocked on the connection: it must wake, never hang. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionCloseTest {
    private interface Io {
        void run() throws IOException;
    }

    /** Runs {@code blocked} on a thread, waits until that thread is parked in it, closes {@code c}, returns the outcome. */
    private static Throwable closeUnder(Connection c, Io blocked) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Thread[] worker = new Thread[1];
        CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
            worker[0] = Thread.currentThread();
            entered.countDown();
            try {
                blocked.run();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        assertTrue(entered.await(30, TimeUnit.SECONDS));
        awaitWaiting(worker[0]);
        c.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS),
                "the blocked call returned normally");
        return e.getCause();
    }

    /** Waits (bounded) until the thread is parked or polling in the kernel. */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() == Thread.State.RUNNABLE && !inPoll(t)) {
            if (System.nanoTime() > deadline) fail("the thread never blocked");
            Thread.sleep(5); // checking a condition on another thread, bounded by the deadline
        }
    }

    private static boolean inPoll(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) if (e.getMethodName().equals("pollOnce")) return true;
        return false;
    }

    @Test
    void closeWakesABlockedReceive() throws Exception {
        try (Pipe p = Pipe.open()) {
            Throwable t = closeUnder(p.second(), p.second()::recv);
            assertInstanceOf(IOException.class, t);
            assertThrows(EOFException.class, p.first()::recv, "the peer sees the end of the stream");
        }
    }

    @Test
    void closeWakesASendBlockedOnAFullBuffer() throws Exception {
        try (Pipe p = Pipe.open()) {
            byte[] big = new byte[32 << 20]; // far more than the socket buffer; nobody reads
            Throwable t = closeUnder(p.first(), () -> p.first().sendBytes(big));
            assertInstanceOf(IOException.class, t);
        }
    }

    @Test
    void aPollOnAConnectionClosedUnderItEnds() throws Exception {
        try (Pipe p = Pipe.open()) {
            Thread[] worker = new Thread[1];
            CountDownLatch entered = new CountDownLatch(1);
            CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
                worker[0] = Thread.currentThread();
                entered.countDown();
                try {
                    return "poll returned " + p.second().poll(java.time.Duration.ofSeconds(30));
                } catch (IOException e) {
                    return "poll failed: " + e; // as good as an answer: it did not sit out its timeout
                }
            });
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            awaitWaiting(worker[0]);
            long t0 = System.nanoTime();
            p.second().close();
            String outcome = f.get(10, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), outcome);
        }
    }
}
