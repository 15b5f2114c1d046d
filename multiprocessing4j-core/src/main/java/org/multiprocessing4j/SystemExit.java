package org.multiprocessing4j;

import java.io.Serial;

/**
 * Thrown inside a child process to end it with an exit code — Python's {@code sys.exit(n)}.
 *
 * <p>Thrown from a {@link JvmProcess} target, the process ends with {@link #code()} ({@code n & 0xFF}, as the
 * operating system keeps it). A message, if given, is printed to the child's stderr and the code is 1, as Python
 * does for {@code sys.exit("text")}. Inside a pool task it is shipped back like any other exception.
 */
public class SystemExit extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The exit code. */
    private final int code;

    /**
     * Ends the process with {@code code}.
     *
     * @param code the exit code; the operating system keeps {@code code & 0xFF}
     */
    public SystemExit(int code) {
        super("SystemExit(" + code + ")", null, false, false);
        this.code = code;
    }

    /**
     * Prints {@code message} to stderr and ends the process with code 1.
     *
     * @param message the message
     */
    public SystemExit(String message) {
        super(message, null, false, false);
        this.code = 1;
    }

    /** {@return the exit code the process ends with} */
    public int code() {
        return code;
    }
}
