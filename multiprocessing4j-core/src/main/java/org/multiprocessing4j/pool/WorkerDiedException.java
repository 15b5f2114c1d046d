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
    private final int exitCode;
    private final long pid;
    private final String stderrTail;
    private final String hsErrFile;

    public WorkerDiedException(String message, int exitCode, long pid, String stderrTail, String hsErrFile) {
        super(message);
        this.exitCode = exitCode;
        this.pid = pid;
        this.stderrTail = stderrTail;
        this.hsErrFile = hsErrFile;
    }

    /** The worker's exit code, Python style: {@code -N} for signal N. */
    public int exitCode() {
        return exitCode;
    }

    public long pid() {
        return pid;
    }

    /** The last lines of the worker's stderr, or null when its stderr was not captured. */
    public String stderrTail() {
        return stderrTail;
    }

    /** The path of the JVM fatal error log the worker wrote, or null. */
    public String hsErrFile() {
        return hsErrFile;
    }

    /** Says how a process ended, from its Python-style exit code. */
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
