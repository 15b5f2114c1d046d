package org.multiprocessing4j.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.function.SerializableRunnable;

/** Child JVMs of one test: started as daemons, always killed and reaped by {@link #close()}. */
public final class Children implements AutoCloseable {
    private final List<JvmProcess> started = new ArrayList<>();

    public JvmProcess start(SerializableRunnable body, String... jvmOptions) {
        JvmProcess p = new JvmProcess(body).daemon(true).jvmOptions(jvmOptions);
        started.add(p);
        p.start();
        return p;
    }

    /** Waits for a child to end by itself and checks it exited with 0. */
    public static void joinOk(JvmProcess p) throws InterruptedException {
        assertTrue(p.join(Duration.ofSeconds(60)), "child did not end in time: " + p);
        assertTrue(p.exitCode().isPresent() && p.exitCode().getAsInt() == 0, "child failed: exit " + p.exitCode());
    }

    @Override
    public void close() throws InterruptedException {
        for (JvmProcess p : started) {
            if (p.isAlive()) p.kill();
        }
        for (JvmProcess p : started) {
            assertTrue(p.join(Duration.ofSeconds(30)), "child not reaped: " + p);
            assertFalse(p.isAlive());
            p.pid().ifPresent(pid -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "pid " + pid + " still alive"));
            p.close();
        }
    }
}
