package org.multiprocessing4j.internal.unix;

/** The platform check: Linux on x86-64 or aarch64, said plainly before anything native is attempted. */
public final class Platform {
    private Platform() {}

    /** Throws {@link UnsupportedOperationException} saying why this machine cannot run the library, if it cannot. */
    public static void check() {
        String problem = problem();
        if (problem != null) throw new UnsupportedOperationException(problem);
    }

    /** Why this machine cannot run the library, or null when it can. */
    static String problem() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux")) {
            return "multiprocessing4j runs on Linux only (x86-64, aarch64); this is " + os + ". It relies on Linux's "
                    + "Unix-domain sockets with descriptor passing, pidfd, futex and /dev/shm. On another system, run "
                    + "it in a Linux container or virtual machine.";
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return "multiprocessing4j supports Linux on x86-64 and aarch64; this machine is " + arch + ".";
        }
        return null;
    }
}
