package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.internal.pool.WorkerCache;

/** Test helper: no child JVM may outlive a test. */
final class Children {
    private Children() {}

    /** Empties the worker cache, then waits (bounded) for every child JVM to end and asserts none is left. */
    static void assertNoneLeft() throws Exception {
        WorkerCache.clear();
        List<ProcessHandle> kids = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true)).toList();
        for (ProcessHandle p : kids) {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
            }
        }
        List<String> left = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        assertEquals(List.of(), left, "child JVMs left behind");
    }
}
