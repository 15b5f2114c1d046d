package org.multiprocessing4j.internal.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code struct sockaddr_un} for a path. */
final class SockAddr {
    static final int SIZE = 110; // sa_family_t + char sun_path[108]

    private SockAddr() {}

    static MemorySegment of(Arena arena, Path path) throws IOException {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 107) {
            throw new IOException("socket path is longer than the 107 bytes Linux allows: " + path
                    + " (set a shorter runtime directory with -Dmultiprocessing4j.runtimeDir=/tmp/x or TMPDIR)");
        }
        MemorySegment addr = arena.allocate(SIZE);
        addr.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(bytes, 0, addr, java.lang.foreign.ValueLayout.JAVA_BYTE, 2, bytes.length);
        return addr;
    }
}
