package org.multiprocessing4j;

import java.util.List;
import java.util.Optional;

/**
 * The process tree and the machine, as Python's module-level functions: {@code current_process()},
 * {@code parent_process()}, {@code active_children()}, {@code cpu_count()}.
 */
public final class Multiprocessing {
    private Multiprocessing() {}

    /**
     * {@return the process this code runs in: {@code MainProcess} in the first JVM, its {@link JvmProcess} in a
     * child}
     */
    public static JvmProcess currentProcess() {
        return JvmProcess.currentProcess();
    }

    /** {@return the parent of this process when it is a child started by this library; empty in the main process} */
    public static Optional<JvmProcess> parentProcess() {
        return Optional.ofNullable(JvmProcess.parentProcess());
    }

    /** {@return the children started by this process that are still alive (ended ones are forgotten, as in Python)} */
    public static List<JvmProcess> activeChildren() {
        return JvmProcess.activeChildren();
    }

    /**
     * The CPUs this process may use: the affinity mask and the cgroup CPU quota are both honoured (the JDK's
     * {@link Runtime#availableProcessors()}), overridden by {@code -Dmultiprocessing4j.cpuCount=N}.
     *
     * @return the number of CPUs, at least 1
     */
    public static int cpuCount() {
        Integer forced = Integer.getInteger("multiprocessing4j.cpuCount");
        return forced != null && forced > 0 ? forced : Runtime.getRuntime().availableProcessors();
    }
}
