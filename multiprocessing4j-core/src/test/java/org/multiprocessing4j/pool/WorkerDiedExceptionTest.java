package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a worker's end is worded, without a worker: exit code 3 is an OutOfMemoryError only with HotSpot's message. */
class WorkerDiedExceptionTest {
    private static final String OOM_TAIL = "some output\nTerminating due to java.lang.OutOfMemoryError: Java heap space\n";

    @Test
    void exitCodeThreeIsOutOfMemoryOnlyWithHotSpotsMessage() {
        assertTrue(new WorkerDiedException("m", 3, 1, OOM_TAIL, null).outOfMemory());
        assertFalse(new WorkerDiedException("m", 3, 1, "task exits with 3\n", null).outOfMemory());
        assertFalse(new WorkerDiedException("m", 3, 1, null, null).outOfMemory(), "stderr not captured: unknown");
        assertFalse(new WorkerDiedException("m", 1, 1, OOM_TAIL, null).outOfMemory(), "an uncaught OOM exits with 1");
    }

    @Test
    void describeExitSaysWhatIsKnown() {
        assertEquals("out of memory: OutOfMemoryError, exit code 3 (-XX:+ExitOnOutOfMemoryError)",
                WorkerDiedException.describeExit(3, OOM_TAIL));
        assertEquals("exit code 3", WorkerDiedException.describeExit(3, ""));
        assertEquals("exit code 3 (an OutOfMemoryError under -XX:+ExitOnOutOfMemoryError, or System.exit(3))",
                WorkerDiedException.describeExit(3, null));
        assertEquals(WorkerDiedException.describeExit(3, null), WorkerDiedException.describeExit(3));
        assertEquals("exit code 5", WorkerDiedException.describeExit(5, OOM_TAIL));
        assertEquals("killed by signal 9 (SIGKILL), exit code -9", WorkerDiedException.describeExit(-9, null));
        assertEquals("exit code unknown", WorkerDiedException.describeExit(Integer.MIN_VALUE, null));
    }
}
