package org.multiprocessing4j.queues;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.sync.Children;
import org.multiprocessing4j.sync.SharedEvent;
import java.time.Duration;

/** Ports CPython's {@code TestSimpleQueue} (empty across processes, close). */
@ExtendWith(OwnShmLeakCheck.class)
@Timeout(120)
class SimpleSharedQueueTest {
    @Test
    void emptyReflectsAnotherProcess() throws Exception {
        SimpleSharedQueue<String> q = new SimpleSharedQueue<>();
        SimpleSharedQueue<Boolean> report = new SimpleSharedQueue<>();
        SharedEvent parentCanContinue = new SharedEvent(), childCanContinue = new SharedEvent();
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                try {
                    report.put(q.isEmpty());           // true: the parent has not put yet
                    parentCanContinue.set();
                    childCanContinue.await();
                    report.put(q.isEmpty());           // false: the parent put one item
                    q.get();
                    q.put("child");
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(parentCanContinue.await(Duration.ofSeconds(60)));
            assertTrue(q.isEmpty());
            q.put("parent");
            assertFalse(q.isEmpty());
            childCanContinue.set();
            assertTrue(report.get());
            assertFalse(report.get());
            Children.joinOk(p);
            assertEquals("child", q.get());
            assertTrue(q.isEmpty());
        }
    }

    @Test
    void putWaitsForRoomInTheRingAndStreamsBigItems() throws Exception {
        SimpleSharedQueue<int[]> q = new SimpleSharedQueue<>(4096);
        try (Children c = new Children()) {
            JvmProcess p = c.start(() -> {
                try {
                    for (int i = 0; i < 200; i++) q.put(new int[i * 50]);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            for (int i = 0; i < 200; i++) assertEquals(i * 50, q.get().length);
            Children.joinOk(p);
        }
    }
}
