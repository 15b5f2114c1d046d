package org.multiprocessing4j.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * sched_getaffinity/sched_setaffinity through FFM, as run.py's {@code os.sched_setaffinity(0, ...)}: pid 0 means
 * the calling thread. A process started by a pinned thread inherits its mask (posix_spawn from that thread).
 */
final class Affinity {
    private static final int MASK_BYTES = 128; // cpu_set_t: 1024 CPUs
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle GET = handle("sched_getaffinity");
    private static final MethodHandle SET = handle("sched_setaffinity");

    private Affinity() {}

    private static MethodHandle handle(String name) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    }

    /** The calling thread's CPU mask. */
    static byte[] get() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(MASK_BYTES);
            if ((int) GET.invokeExact(0, (long) MASK_BYTES, m) != 0) throw new IllegalStateException("sched_getaffinity failed");
            return m.toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
    }

    static void set(byte[] mask) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(MASK_BYTES);
            m.copyFrom(MemorySegment.ofArray(mask));
            if ((int) SET.invokeExact(0, (long) MASK_BYTES, m) != 0) throw new IllegalStateException("sched_setaffinity failed");
        } catch (Throwable t) {
            throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
    }

    /** The lowest CPU in the calling thread's mask (run.py: {@code min(os.sched_getaffinity(0))}). */
    static int firstCpu(byte[] mask) {
        for (int i = 0; i < mask.length * 8; i++) if ((mask[i / 8] & (1 << (i % 8))) != 0) return i;
        throw new IllegalStateException("empty CPU mask");
    }

    /** Pins the calling thread to one CPU. */
    static void pin(int cpu) {
        byte[] m = new byte[MASK_BYTES];
        m[cpu / 8] = (byte) (1 << (cpu % 8));
        set(m);
    }
}
