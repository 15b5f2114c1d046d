package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;

class SmokeTest {
    static void echo(Connection c) {
        try {
            c.send("hello from " + Multiprocessing.currentProcess().name());
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void childSendsThroughPipe() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            long t0 = System.nanoTime();
            JvmProcess p = JvmProcess.of(SmokeTest::echo, pipe.second());
            p.start();
            assertTrue(pipe.first().poll(Duration.ofSeconds(30)));
            assertEquals("hello from " + p.name(), pipe.first().recv());
            assertTrue(p.join(Duration.ofSeconds(30)));
            System.out.println("start+join ms " + (System.nanoTime() - t0) / 1e6);
            assertEquals(0, p.exitCode().getAsInt());
        }
    }
}
