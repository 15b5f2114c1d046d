package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A JFR recording shows each child's start and its lifetime with how it ended. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JfrEventsTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    static void exitThree() {
        throw new SystemExit(3);
    }

    @Test
    void startAndLifetimeEventsCarryNameAndCause() throws Exception {
        Path file = tmp.resolve("rec.jfr");
        long pid;
        try (Recording r = new Recording()) {
            r.enable("org.multiprocessing4j.ProcessStart");
            r.enable("org.multiprocessing4j.ProcessLifetime");
            r.start();
            JvmProcess p = new JvmProcess(JfrEventsTest::exitThree).name("jfr-child");
            p.start();
            assertTrue(p.join(Duration.ofSeconds(60)));
            assertEquals(3, p.exitCode().getAsInt());
            pid = p.pid().getAsLong();
            // The lifetime event is committed by a callback when the exit has been seen; wait for it, bounded.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<RecordedEvent> events;
            do {
                r.dump(file);
                events = RecordingFile.readAllEvents(file);
            } while (events.stream().noneMatch(e -> e.getEventType().getName().endsWith("ProcessLifetime"))
                    && System.nanoTime() < deadline);
            RecordedEvent start = events.stream().filter(e -> e.getEventType().getName().endsWith("ProcessStart"))
                    .findFirst().orElseThrow();
            assertEquals("jfr-child", start.getString("name"));
            assertEquals(pid, start.getLong("pid"));
            RecordedEvent life = events.stream().filter(e -> e.getEventType().getName().endsWith("ProcessLifetime"))
                    .findFirst().orElseThrow();
            assertEquals("jfr-child", life.getString("name"));
            assertEquals(3, life.getInt("exitCode"));
            assertEquals("exited with code 3", life.getString("cause"));
            assertTrue(life.getDuration().toNanos() > 0);
        }
    }
}
