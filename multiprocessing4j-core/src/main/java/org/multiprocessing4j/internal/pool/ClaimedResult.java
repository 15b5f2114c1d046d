package org.multiprocessing4j.internal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.pool.AsyncResult;

/**
 * A pool's future that may be ended from several threads at once (two workers' readers failing two chunks of one
 * map, a result racing its timeout or a {@code cancel}). The first to {@link #claim()} it ends it, so its
 * Python-style callback runs at most once, and never for a future that then ends otherwise. As a
 * {@code FutureTask} that is completing, a claimed future is not cancellable.
 */
public abstract class ClaimedResult<T> extends AsyncResult<T> {
    private static final VarHandle CLAIMED;

    static {
        try {
            CLAIMED = MethodHandles.lookup().findVarHandle(ClaimedResult.class, "claimed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int claimed;

    ClaimedResult() {}

    /**
     * {@return true for the one caller that may end this future (and run its callback); false for all others, and
     * once the future is done some other way (a user's {@code complete}, {@code orTimeout})}
     */
    final boolean claim() {
        return claimed == 0 && !isDone() && CLAIMED.compareAndSet(this, 0, 1);
    }
}
