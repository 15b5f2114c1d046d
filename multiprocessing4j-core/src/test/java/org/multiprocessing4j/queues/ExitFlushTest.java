package org.multiprocessing4j.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.Jvms;
import org.multiprocessing4j.sync.SharedEvent;

/** A main program's backlog reaches its consumers when the program ends by returning from main. */
@ExtendWith(OwnShmLeakCheck.class)
@Timeout(120)
class ExitFlushTest {
    static final int ITEMS = 20_000;

    static void consume(SharedQueue<Integer> q, SharedEvent attached, String out) {
        try {
            attached.set();
            long sum = 0;
            for (int i = 0; i < ITEMS; i++) sum += q.take();
            Files.writeString(Path.of(out), Long.toString(sum));
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** The program under test: puts more than its 4 KiB ring holds, then returns at once. */
    public static void main(String[] args) throws InterruptedException {
        SharedQueue<Integer> q = new SharedQueue<>(0, 4096);
        SharedEvent attached = new SharedEvent();
        new JvmProcess(() -> consume(q, attached, args[0])).start(); // not a daemon: the exit joins it
        // As in Python, the creator keeps shared objects alive until its children have them: this JVM's exit
        // removes the names of the segments it created (the child's mapping survives that).
        if (!attached.await(Duration.ofSeconds(60))) throw new IllegalStateException("the consumer did not start");
        for (int i = 0; i < ITEMS; i++) q.offer(i);
        // returning here leaves most items in this process's backlog: the exit must flush them
    }

    @Test
    void aMainProcessFlushesItsBacklogAtExit(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sum");
        Process p = new ProcessBuilder(Jvms.javaCommand(ExitFlushTest.class.getName(), out.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        try {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the program did not end");
            assertEquals(0, p.exitValue(), Jvms.read(dir.resolve("log")));
            assertEquals(Long.toString((long) ITEMS * (ITEMS - 1) / 2), Files.readString(out));
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            Jvms.assertNoLiveDescendants();
        }
    }
}
