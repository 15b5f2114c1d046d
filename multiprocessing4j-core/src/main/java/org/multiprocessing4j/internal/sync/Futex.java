package org.multiprocessing4j.internal.sync;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import org.multiprocessing4j.internal.unix.Libc;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Linux futex wait and wake on a word in a shared mapping. No {@code FUTEX_PRIVATE_FLAG}: the word is shared
 * between processes, so the kernel must key the wait queue by the physical page, not by this address space.
 */
public final class Futex {
    private Futex() {}

    private static final long SYS_FUTEX = "aarch64".equals(System.getProperty("os.arch")) ? 98 : 202;
    private static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1;
    /** The longest single sleep: waiters come back this often to notice interruption and dead processes. */
    public static final long SLICE_NANOS = 50_000_000L;

    // syscall(long nr, ...): nr is fixed, the rest variadic (uaddr, op, val, timeout, uaddr2, val3).
    private static final MethodHandle SYSCALL = Libc.downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT),
            Linker.Option.firstVariadicArg(1));

    private static final ThreadLocal<MemorySegment> TIMESPEC =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    /**
     * Sleeps while the int at {@code address} equals {@code expected}, for at most {@code nanos} (capped at one
     * slice). Returns at once if the word differs; may return spuriously. The caller re-checks its condition.
     */
    public static void await(long address, int expected, long nanos) {
        long n = Math.max(1, Math.min(nanos, SLICE_NANOS));
        MemorySegment ts = TIMESPEC.get();
        ts.set(JAVA_LONG, 0, n / 1_000_000_000L);
        ts.set(JAVA_LONG, 8, n % 1_000_000_000L);
        try {
            long ignored = (long) SYSCALL.invokeExact(Libc.state(), SYS_FUTEX, address, FUTEX_WAIT, expected,
                    ts.address(), 0L, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Wakes up to {@code count} processes or threads sleeping on the int at {@code address}. */
    public static void wake(long address, int count) {
        try {
            long ignored = (long) SYSCALL.invokeExact(Libc.state(), SYS_FUTEX, address, FUTEX_WAKE, count, 0L, 0L, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
