package org.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.multiprocessing4j.internal.unix.Libc;

/** Process identity and liveness as seen through {@code kill(pid, 0)} and {@code /proc}. */
public final class Pids {
    private Pids() {}

    /** This JVM's pid; what lock words store as the owner. */
    public static final int SELF = (int) ProcessHandle.current().pid();

    /**
     * True unless {@code pid} is gone or a zombie. A zombie counts as dead: it will never release anything, and
     * its parent may take a while to reap it. A pid reused by an unrelated process looks alive (documented limit).
     */
    public static boolean isAlive(int pid) {
        if (pid <= 0) return false;
        if (pid == SELF) return true;
        if (Libc.kill(pid, 0) < 0 && Libc.errno() == Libc.ESRCH) return false;
        String stat = stat(pid);
        if (stat == null) return false;
        int close = stat.lastIndexOf(')');
        return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
    }

    /** True unless {@code kill(pid, 0)} says there is no such process (a zombie counts as alive here). */
    public static boolean exists(int pid) {
        if (pid == SELF) return true;
        return pid > 0 && !(Libc.kill(pid, 0) < 0 && Libc.errno() == Libc.ESRCH);
    }

    /** The process's start time in clock ticks since boot (field 22 of /proc/pid/stat), or -1 if it is gone. */
    public static long startTime(long pid) {
        String stat = stat(pid);
        if (stat == null) return -1;
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state); field 22 is f[19].
        return f.length > 19 ? Long.parseLong(f[19]) : -1;
    }

    private static String stat(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
