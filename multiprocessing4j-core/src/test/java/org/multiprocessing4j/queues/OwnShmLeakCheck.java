package org.multiprocessing4j.queues;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.multiprocessing4j.Jvms;

/**
 * Fails a test that leaves behind a {@code /dev/shm} segment created by this JVM, and checks that no child JVM is
 * left alive. Only this JVM's segments ({@code mp4j-<pid>-*}) are judged, because other builds on the machine create
 * segments of their own at the same time. Segments of collected objects are unlinked by a cleaner thread, so it asks
 * for GC and polls (bounded) before judging.
 */
public final class OwnShmLeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OwnShmLeakCheck.class);
    private static final String PREFIX = "mp4j-" + ProcessHandle.current().pid() + "-";

    static Set<String> ours() {
        try (Stream<Path> s = Files.list(Path.of("/dev/shm"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("before", ours());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) throws InterruptedException {
        Jvms.assertNoLiveDescendants();
        Set<String> before = (Set<String>) context.getStore(NS).get("before");
        long deadline = System.nanoTime() + 10_000_000_000L;
        Set<String> leaked;
        do {
            System.gc();
            leaked = new TreeSet<>(ours());
            leaked.removeAll(before);
            if (leaked.isEmpty()) return;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        fail("shared memory segments leaked: " + leaked);
    }
}
