package org.multiprocessing4j.internal.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Python-style callbacks of a pool's futures, which run before their future completes: one that waits for that
 * same future would wait forever (CPython hangs), so such a wait fails at once instead.
 */
public final class Callbacks {
    /** The future whose callback the current thread runs, or null. */
    private static final ThreadLocal<CompletableFuture<?>> RUNNING = new ThreadLocal<>();

    private Callbacks() {}

    /** Runs {@code callback} (if any) for {@code future}; what it throws is printed, not propagated (as CPython). */
    static <T> void run(CompletableFuture<?> future, Consumer<? super T> callback, T value) {
        if (callback == null) return;
        CompletableFuture<?> outer = RUNNING.get();
        RUNNING.set(future);
        try {
            callback.accept(value);
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            RUNNING.set(outer);
        }
    }

    /**
     * Called before a thread waits for {@code future}, which is not done: fails a wait inside the future's own
     * callback, and on a worker's reader hands the reading over first ({@link ReaderHandOff}).
     *
     * @throws IllegalStateException inside {@code future}'s own callback
     */
    public static void beforeWaiting(CompletableFuture<?> future) {
        if (RUNNING.get() == future) {
            throw new IllegalStateException("waiting for a result inside its own callback would never end: the "
                    + "callback runs before the result is set; use the value the callback is given");
        }
        ReaderHandOff.beforeBlocking();
    }

    /**
     * As {@link #beforeWaiting}, for a wait with a timeout, which inside the future's own callback times out at
     * once: the result cannot be set before the callback returns.
     *
     * @throws TimeoutException inside {@code future}'s own callback
     */
    public static void beforeTimedWaiting(CompletableFuture<?> future) throws TimeoutException {
        if (RUNNING.get() == future) {
            throw new TimeoutException("inside its own callback a result is never ready: the callback runs before "
                    + "the result is set; use the value the callback is given");
        }
        ReaderHandOff.beforeBlocking();
    }
}
