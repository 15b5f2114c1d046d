package org.multiprocessing4j.internal.progress;

import org.multiprocessing4j.internal.unix.Libc;

/** Whether this process's standard error is a terminal: a progress bar drawn elsewhere would litter logs. */
public final class Terminal {
    private Terminal() {}

    /** True if file descriptor 2 is a terminal. */
    public static boolean stderrIsTerminal() {
        return Libc.isatty(2);
    }
}
