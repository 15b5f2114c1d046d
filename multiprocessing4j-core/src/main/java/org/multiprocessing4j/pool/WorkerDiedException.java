package org.multiprocessing4j.pool;

/**
 * The worker running a task ended before sending its result: killed by a signal, {@code System.exit} or
 * {@code Runtime.halt} in the task, an {@link OutOfMemoryError} (workers start with
 * {@code -XX:+ExitOnOutOfMemoryError}), a JVM crash. Only the tasks that worker had started fail with it; the pool
 * replaces the worker and runs everything else. The message names the exit code or signal, the JVM's fatal error
 * log ({@code hs_err}) if one was written, and the last lines of the worker's stderr.
 */
public class WorkerDiedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The worker's exit code, Python style: {@code -N} for signal N. */
    private final int exitCode;
    /** The worker's process id, or -1 if unknown. */
    private final long pid;
    /** The last lines of the worker's stderr, or null. */
    private final String stderrTail;
    /** The path of the JVM fatal error log the worker wrote, or null. */
    private final String hsErrFile;

    /**
     * An exception for a worker that ended.
     *
     * @param message how the worker ended and which task it was running
     * @param exitCode the worker's exit code, Python style: {@code -N} for signal N, {@link Integer#MIN_VALUE} if
     *        unknown
     * @param pid the worker's process id, or -1 if unknown
     * @param stderrTail the last lines of the worker's stderr, or null when its stderr was not captured
     * @param hsErrFile the path of the JVM fatal error log the worker wrote, or null
     */
    public WorkerDiedException(String message, int exitCode, long pid, String stderrTail, String hsErrFile) {
        super(message);
        this.exitCode = exitCode;
        this.pid = pid;
        this.stderrTail = stderrTail;
        this.hsErrFile = hsErrFile;
    }

    /** {@return the worker's exit code, Python style: {@code -N} for signal N} */
    public int exitCode() {
        return exitCode;
    }

    /** {@return the worker's process id, or -1 if unknown} */
    public long pid() {
        return pid;
    }

    /** {@return the last lines of the worker's stderr, or null when its stderr was not captured} */
    public String stderrTail() {
        return stderrTail;
    }

    /** {@return the path of the JVM fatal error log the worker wrote, or null} */
    public String hsErrFile() {
        return hsErrFile;
    }

    /**
     * Whether the worker ran out of memory: it ended with exit code 3 and its stderr shows HotSpot's
     * {@code -XX:+ExitOnOutOfMemoryError} message. False when its stderr was not captured, and for a task that
     * called {@code System.exit(3)}.
     *
     * @return true if the worker's JVM ended on an {@link OutOfMemoryError}
     */
    public boolean outOfMemory() {
        return outOfMemory(exitCode, stderrTail);
    }

    private static final String OOM_LINE = "Terminating due to java.lang.OutOfMemoryError";

    private static boolean outOfMemory(int code, String stderrTail) {
        return code == 3 && stderrTail != null && stderrTail.contains(OOM_LINE);
    }

    /**
     * Says how a process ended, from its Python-style exit code: the signal's name for a negative code; for 3, that
     * it may be an {@link OutOfMemoryError} under {@code -XX:+ExitOnOutOfMemoryError} (its stderr is not known
     * here, see {@link #describeExit(int, String)}).
     *
     * @param code the exit code, {@code -N} for signal N, {@link Integer#MIN_VALUE} if unknown
     * @return a phrase such as {@code "killed by signal 9 (SIGKILL), exit code -9"}
     */
    public static String describeExit(int code) {
        if (code == 3) return "exit code 3 (an OutOfMemoryError under -XX:+ExitOnOutOfMemoryError, or System.exit(3))";
        return describeExit(code, "");
    }

    /**
     * As {@link #describeExit(int)}, told by the last lines of the process's stderr whether an exit code of 3 was an
     * {@link OutOfMemoryError} (HotSpot's {@code -XX:+ExitOnOutOfMemoryError} message) or an ordinary exit.
     *
     * @param code the exit code, {@code -N} for signal N, {@link Integer#MIN_VALUE} if unknown
     * @param stderrTail the last lines of its stderr, or null when not captured
     * @return a phrase such as {@code "killed by signal 9 (SIGKILL), exit code -9"}
     */
    public static String describeExit(int code, String stderrTail) {
        if (code == 3 && stderrTail == null) return describeExit(code);
        if (code == Integer.MIN_VALUE) return "exit code unknown";
        if (code < 0) {
            String sig = switch (-code) {
                case 9 -> "SIGKILL";
                case 15 -> "SIGTERM";
                case 6 -> "SIGABRT";
                case 11 -> "SIGSEGV";
                case 7 -> "SIGBUS";
                case 2 -> "SIGINT";
                case 1 -> "SIGHUP";
                default -> "signal " + (-code);
            };
            return "killed by signal " + (-code) + " (" + sig + "), exit code " + code;
        }
        if (outOfMemory(code, stderrTail)) return "out of memory: OutOfMemoryError, exit code 3 (-XX:+ExitOnOutOfMemoryError)";
        return "exit code " + code;
    }
}
