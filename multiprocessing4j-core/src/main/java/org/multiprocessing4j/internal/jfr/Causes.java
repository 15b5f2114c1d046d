package org.multiprocessing4j.internal.jfr;

/** Words for how a process ended, shared by events, logs and worker-death exceptions. */
public final class Causes {
    private Causes() {}

    public static String of(int exitCode) {
        if (exitCode == 0) return "exited normally";
        if (exitCode > 0) return "exited with code " + exitCode;
        return "killed by signal " + (-exitCode) + signalName(-exitCode);
    }

    private static String signalName(int sig) {
        return switch (sig) {
            case 1 -> " (SIGHUP)";
            case 2 -> " (SIGINT)";
            case 6 -> " (SIGABRT: a JVM crash, look for an hs_err file)";
            case 9 -> " (SIGKILL: kill(), the OOM killer, or a timeout)";
            case 11 -> " (SIGSEGV: a crash in native code)";
            case 15 -> " (SIGTERM: terminate())";
            default -> "";
        };
    }
}
