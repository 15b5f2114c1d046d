package org.multiprocessing4j.internal.unix;

/** The platform check: Linux on x86-64 or aarch64, said plainly before anything native is attempted. */
public final class Platform {
    private Platform() {}

    public static void check() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux")) {
            throw new UnsupportedOperationException("multiprocessing4j runs on Linux only (x86-64, aarch64); this is "
                    + os + ". It relies on Linux's Unix-domain sockets with descriptor passing, pidfd, futex and /dev/shm.");
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            throw new UnsupportedOperationException("multiprocessing4j supports Linux on x86-64 and aarch64; this "
                    + "machine is " + arch + ".");
        }
    }
}
