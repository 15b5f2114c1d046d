package org.multiprocessing4j.internal.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** A warm spare's shared-memory rehearsal leaves no name in /dev/shm and nothing tracked, and may run again. */
class SharedRehearsalTest {
    private static Set<String> ours() throws IOException {
        String prefix = "mp4j-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> s = Files.list(Path.of(Segment.DIR))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
        }
    }

    @Test
    void leavesNothingBehind() throws IOException {
        Set<String> before = ours();
        assertTrue(SharedRehearsal.run(), "every step of the rehearsal ran");
        assertTrue(SharedRehearsal.run(), "and again");
        assertEquals(before, ours());
    }
}
