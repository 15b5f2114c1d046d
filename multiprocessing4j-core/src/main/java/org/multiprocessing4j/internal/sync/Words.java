package org.multiprocessing4j.internal.sync;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/** VarHandles for atomic access to ints and longs at a byte offset of a shared segment. */
public final class Words {
    private Words() {}

    /** Coordinates {@code (MemorySegment, long offset)}. */
    public static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    /** Coordinates {@code (MemorySegment, long offset)}. */
    public static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /** A deadline far enough away to mean "never", without overflow in {@code deadline - now}. */
    public static long deadline(long nanos) {
        return nanos < 0 ? Long.MAX_VALUE : System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    /** Nanoseconds left until {@code deadline} (which came from {@link #deadline}). */
    public static long remaining(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
    }
}
