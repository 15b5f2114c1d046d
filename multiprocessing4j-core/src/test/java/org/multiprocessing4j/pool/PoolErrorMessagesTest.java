package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.codec.EncodingException;

/**
 * The errors a newcomer meets first with a pool, read as a newcomer reads them: each says what happened and what to
 * do (docs/troubleshooting.md lists them). Workers speak the real protocol (every value is encoded) from threads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolErrorMessagesTest {
    /** Not Serializable, as most classes of an application. */
    static final class Thing {
        final int v = 3;
    }

    record Point(int x, int y) implements java.io.Serializable {}

    private static Pool pool;

    @BeforeAll
    static void start() {
        pool = Pool.builder().processes(1).inProcessWorkers().build();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private final int base = 1;

    static int value(Thing t) {
        return t.v;
    }

    static Thing make(int x) {
        return new Thing();
    }

    static int sum(Point p) {
        return p.x() + p.y();
    }

    /** The root message a user reads: the first EncodingException / MaybeEncodingException in the chain. */
    private static String message(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EncodingException || c instanceof MaybeEncodingException) return c.getMessage();
        }
        throw new AssertionError("no encoding error in", t);
    }

    @Test
    void aLambdaCapturingANonSerializableObjectNamesTheCaptureAndTheFix() {
        Thing t = new Thing();
        Throwable e = assertThrows(Throwable.class, () -> pool.map(x -> x + t.v, List.of(1, 2)));
        String m = message(e);
        assertTrue(m.contains("cannot send the task's function to a worker"), m);
        assertTrue(m.contains(Thing.class.getName() + " is not Serializable"), m);
        assertTrue(m.contains("value #1 captured by the lambda in " + getClass().getName() + "."), m);
        assertTrue(m.contains("capture only serializable values"), m);
        assertFalse(m.contains("arg$1"), "no synthetic field names: " + m);
    }

    @Test
    void aLambdaUsingAnInstanceFieldCapturesThis() {
        Throwable e = assertThrows(Throwable.class, () -> pool.map(x -> x + base, List.of(1)));
        String m = message(e);
        assertTrue(m.contains(getClass().getName() + " is not Serializable"), m);
        assertTrue(m.contains("'this' (the enclosing " + getClass().getName()), m);
    }

    @Test
    void aNonSerializableItemIsNamedNotTheChunk() {
        Throwable e = assertThrows(Throwable.class, () -> pool.map(PoolErrorMessagesTest::value, List.of(new Thing())));
        String m = message(e);
        assertTrue(m.contains("cannot send item #0"), m);
        assertTrue(m.contains(Thing.class.getName() + " is not Serializable"), m);
        assertFalse(m.contains("SubList"), "blames the item, not the library's chunk: " + m);
    }

    @Test
    void serializableItemsOfAnImmutableListAreSent() throws Exception {
        // chunks were once sent as views of the caller's list, which serialization refused for any item type
        // outside the fast path: a "not Serializable" error for perfectly serializable items
        assertEquals(List.of(3, 7), pool.map(PoolErrorMessagesTest::sum, List.of(new Point(1, 2), new Point(3, 4))));
        assertEquals(List.of(1, 2), pool.map(String::length, List.of("a", "bb")));
        assertEquals(List.of(3, 7), pool.map(PoolErrorMessagesTest::sum,
                List.of(new Point(1, 2), new Point(3, 4), new Point(0, 0)).subList(0, 2), 1));
    }

    @Test
    void aNonSerializableResultFailsItsTaskAndSaysWhy() {
        Throwable e = assertThrows(Throwable.class, () -> pool.apply(PoolErrorMessagesTest::make, 1));
        String m = message(e);
        assertTrue(m.contains("cannot encode the result"), m);
        assertTrue(m.contains(Thing.class.getName() + " is not Serializable"), m);
        assertTrue(m.contains("implement java.io.Serializable"), m);
    }

    @Test
    void aPlainCallableSaysWhichCastMakesItSerializable() throws Exception {
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1).inProcessWorkers().build()) {
            Callable<Integer> c = () -> 1;
            ExecutionException e = assertThrows(ExecutionException.class, () -> ex.submit(c).get(30, TimeUnit.SECONDS));
            String m = message(e);
            assertTrue(m.contains("a lambda of " + getClass().getName() + " is not Serializable"), m);
            assertTrue(m.contains("a lambda whose target type is not Serializable"), m);
            assertTrue(m.contains("(java.util.concurrent.Callable & java.io.Serializable)"), m);
        }
    }

    @Test
    void aPoolUsedAfterCloseSaysSoAndWhatToDo() {
        Pool p = Pool.builder().processes(1).inProcessWorkers().build();
        p.close();
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> p.map(String::length, List.of("a")));
        assertTrue(e.getMessage().contains("accepts no new tasks"), e.getMessage());
        assertTrue(e.getMessage().contains("try-with-resources calls close()"), e.getMessage());
        assertTrue(e.getMessage().contains("create a new pool"), e.getMessage());
        Pool q = Pool.builder().processes(1).inProcessWorkers().build();
        q.shutdown();
        e = assertThrows(RejectedExecutionException.class, () -> q.apply(String::length, "a"));
        assertTrue(e.getMessage().contains("shutdown(), close() or terminate() was called"), e.getMessage());
        q.close();
    }
}
