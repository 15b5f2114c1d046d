package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the queue and manager examples and checks what they compute. */
@Timeout(180)
class QueueAndManagerExamplesTest {
    @AfterEach
    void noJvmLeft() throws Exception {
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList();
        for (ProcessHandle h : left) {
            h.destroyForcibly();
            h.onExit().get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), left, "JVMs left alive by the example");
    }

    @Test
    void joinableQueueConsumer() throws Exception {
        assertEquals(5, JoinableQueueConsumer.run("a", "b", "c", "d", "e"));
    }

    @Test
    void sentinelsStopTenConsumers() throws Exception {
        long expected = 0;
        for (long i = 0; i < 500; i++) expected += i * i;
        assertEquals(expected, SentinelProducerConsumer.run(500, 10));
    }

    @Test
    void managerMapUpdatedBySeveralProcesses() throws Exception {
        List<String> words = List.of("a b a c b a d a".split(" "));
        assertEquals(Map.of("a", 4, "b", 2, "c", 1, "d", 1), ManagerSharedMap.run(words, 3));
    }

    @Test
    void remoteManagerFromASecondJvm() throws Exception {
        long expected = 0;
        for (long i = 1; i <= 20; i++) expected += i * i;
        assertEquals(expected, RemoteManagerExample.run(20));
    }
}
