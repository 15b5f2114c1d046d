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
     * Says how a process ended, from its Python-style exit code: the signal's name for a negative code, a hint at
     * {@code -XX:+ExitOnOutOfMemoryError} for 3.
     *
     * @param code the exit code, {@code -N} for signal N, {@link Integer#MIN_VALUE} if unknown
     * @return a phrase such as {@code "killed by signal 9 (SIGKILL), exit code -9"}
     */
    public static String describeExit(int code) {
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
        if (code == 3) return "exit code 3 (the JVM ends so on OutOfMemoryError with -XX:+ExitOnOutOfMemoryError)";
        return "exit code " + code;
    }
}
