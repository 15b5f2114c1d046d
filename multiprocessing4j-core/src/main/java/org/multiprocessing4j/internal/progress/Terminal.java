package org.multiprocessing4j.internal.progress;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/** Whether this process's standard error is a terminal: a progress bar drawn elsewhere would litter logs. */
public final class Terminal {
    private static final MethodHandle ISATTY = isatty();

    private Terminal() {}

    private static MethodHandle isatty() {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find("isatty")
                .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(JAVA_INT, JAVA_INT)))
                .orElse(null);
    }

    /** True if file descriptor 2 is a terminal. */
    public static boolean stderrIsTerminal() {
        if (ISATTY == null) return false;
        try {
            return (int) ISATTY.invokeExact(2) == 1;
        } catch (Throwable e) {
            return false;
        }
    }
}
