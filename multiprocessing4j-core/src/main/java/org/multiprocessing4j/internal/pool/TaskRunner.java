package org.multiprocessing4j.internal.pool;

import java.util.List;
import java.util.Map;
import org.multiprocessing4j.function.SerializableBiFunction;
import org.multiprocessing4j.function.SerializableFunction;

/** Runs one task (a call or a chunk of a map) where it is executed: in a worker JVM or a worker thread. */
public final class TaskRunner {
    private TaskRunner() {}

    /** A failure of a task; {@code index} is the item's position inside a chunk, or -1. */
    public static final class Failure extends Exception {
        public final Throwable error;
        public final int index;

        Failure(Throwable error, int index) {
            super(null, null, false, false);
            this.error = error;
            this.index = index;
        }
    }

    /** Called before each item of a chunk when the task has a per-item deadline. */
    public interface ItemClock {
        void item(int index);
    }

    /**
     * Runs the task. A chunk's results come as a {@code List} when {@code wire} is false; when it is true, in the
     * form they travel in ({@link Columns}: a primitive array, or an {@code ArrayList}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Object run(byte kind, Object fn, Object arg, ItemClock clock, boolean wire) throws Failure {
        try {
            switch (kind) {
                case Wire.K_FN:
                    return ((SerializableFunction) fn).apply(arg);
                case Wire.K_CALL:
                    return ((java.util.concurrent.Callable) fn).call();
                case Wire.K_RUN:
                    ((Runnable) fn).run();
                    return null;
                default:
                    break;
            }
        } catch (Throwable t) {
            throw new Failure(t, -1);
        }
        List<?> items = (List<?>) arg;
        int n = items.size();
        Columns.Collector out = new Columns.Collector(n, wire);
        int i = 0;
        try {
            if (kind == Wire.K_CHUNK) {
                SerializableFunction f = (SerializableFunction) fn;
                if (clock == null) {
                    for (; i < n; i++) out.add(f.apply(items.get(i)));
                } else {
                    for (; i < n; i++) {
                        clock.item(i);
                        out.add(f.apply(items.get(i)));
                    }
                }
            } else {
                SerializableBiFunction f = (SerializableBiFunction) fn;
                for (; i < n; i++) {
                    if (clock != null) clock.item(i);
                    Object p = items.get(i);
                    Object a, b;
                    if (p instanceof Object[] pair) {
                        a = pair[0];
                        b = pair[1];
                    } else {
                        Map.Entry<?, ?> e = (Map.Entry<?, ?>) p;
                        a = e.getKey();
                        b = e.getValue();
                    }
                    out.add(f.apply(a, b));
                }
            }
        } catch (Throwable t) {
            throw new Failure(t, i);
        }
        return out.result();
    }
}
