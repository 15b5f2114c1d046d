package org.multiprocessing4j.shm;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InvalidObjectException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.internal.shm.SegmentTracker;
import org.multiprocessing4j.sync.Children;
import org.multiprocessing4j.sync.RoundTrip;
import org.multiprocessing4j.sync.SharedEvent;
import org.multiprocessing4j.sync.ShmLeakCheck;

/** Ports CPython's {@code _TestSharedMemory} (those parts with meaning on the JVM), plus the resource tracker. */
@ExtendWith(ShmLeakCheck.class)
@Timeout(60)
class SharedMemoryTest {
    static Path file(String name) {
        return Path.of("/dev/shm", name);
    }

    @Test
    void basics() throws Exception {
        String name = "mp4j-test-" + ProcessHandle.current().pid() + "-basics";
        try (SharedMemory shm = SharedMemory.create(name, 512)) {
            assertEquals(name, shm.name());
            assertEquals(512, shm.size());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file(name))));
            MemorySegment seg = shm.segment();
            seg.set(ValueLayout.JAVA_BYTE, 0, (byte) 42);
            seg.setString(1, "howdy");
            try (SharedMemory other = SharedMemory.attach(name)) {
                assertEquals(512, other.size());
                assertEquals(42, other.segment().get(ValueLayout.JAVA_BYTE, 0));
                assertEquals("howdy", other.segment().getString(1));
                other.segment().set(ValueLayout.JAVA_BYTE, 511, (byte) 7);
            }
            assertEquals(7, seg.get(ValueLayout.JAVA_BYTE, 511));
            assertThrows(FileAlreadyExistsException.class, () -> SharedMemory.create(name, 64));
            assertTrue(shm.toString().contains(name));
            shm.unlink();
            assertFalse(Files.exists(file(name)));
            assertEquals(42, seg.get(ValueLayout.JAVA_BYTE, 0), "mapping outlives the name");
            assertThrows(NoSuchFileException.class, shm::unlink);
            assertThrows(NoSuchFileException.class, () -> SharedMemory.attach(name));
            shm.close();
            assertTrue(shm.isClosed());
            assertThrows(IllegalStateException.class, () -> seg.get(ValueLayout.JAVA_BYTE, 0));
            shm.close(); // idempotent
        }
    }

    @Test
    void invalidCreation() {
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(-1));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(0));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create("a/b", 10));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create("", 10));
        assertThrows(NoSuchFileException.class, () -> SharedMemory.attach("mp4j-test-never-created"));
    }

    @Test
    void freshNamesAreUniqueAndCarryThePid() throws Exception {
        try (SharedMemory a = SharedMemory.create(10); SharedMemory b = SharedMemory.create(10)) {
            assertNotEquals(a.name(), b.name());
            assertTrue(a.name().startsWith("mp4j-" + ProcessHandle.current().pid() + "-"), a.name());
            a.unlink();
            b.unlink();
        }
    }

    @Test
    void serializedCopyAttachesToTheSameMemoryAndFailsOnceUnlinked() throws Exception {
        SharedMemory shm = SharedMemory.create(64);
        try {
            SharedMemory copy = RoundTrip.of(shm);
            assertEquals(shm.name(), copy.name());
            copy.segment().set(ValueLayout.JAVA_LONG, 8, 123456789L);
            assertEquals(123456789L, shm.segment().get(ValueLayout.JAVA_LONG, 8));
            copy.close();
            byte[] bytes;
            try (var bos = new java.io.ByteArrayOutputStream(); var out = new java.io.ObjectOutputStream(bos)) {
                out.writeObject(shm);
                out.flush();
                bytes = bos.toByteArray();
            }
            shm.unlink();
            var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes));
            assertThrows(InvalidObjectException.class, in::readObject);
        } finally {
            shm.close();
        }
    }

    static void writeHello(SharedMemory shm) {
        shm.segment().setString(0, "hello from the child");
        shm.close();
    }

    @Test
    void childAttachesAndWrites() throws Exception {
        try (SharedMemory shm = SharedMemory.create(1024); Children children = new Children()) {
            Children.joinOk(children.start(() -> writeHello(shm)));
            assertEquals("hello from the child", shm.segment().getString(0));
            shm.unlink();
        }
    }

    static void createAndHang(String name, boolean track, SharedEvent created) {
        try {
            SharedMemory.create(name, 4096, track);
            created.set();
            new SharedEvent().await(Duration.ofSeconds(120));
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    static void createAndExit(String name, boolean track) {
        try {
            SharedMemory.create(name, 4096, track);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void segmentOfAKilledCreatorIsRemovedByTheTracker() throws Exception {
        String name = "mp4j-test-" + ProcessHandle.current().pid() + "-killed";
        SharedEvent created = new SharedEvent();
        try (Children children = new Children()) {
            JvmProcess p = children.start(() -> createAndHang(name, true, created));
            assertTrue(created.await(Duration.ofSeconds(60)));
            assertTrue(Files.exists(file(name)));
            p.kill();
            assertTrue(p.join(Duration.ofSeconds(30)));
        }
        assertTrue(Files.exists(file(name)), "a SIGKILLed JVM runs no cleanup");
        assertTrue(SegmentTracker.sweep() >= 1);
        assertFalse(Files.exists(file(name)));
    }

    @Test
    void trackedSegmentGoesAtCreatorExitUntrackedStays() throws Exception {
        String tracked = "mp4j-test-" + ProcessHandle.current().pid() + "-tracked";
        String untracked = "mp4j-test-" + ProcessHandle.current().pid() + "-untracked";
        try (Children children = new Children()) {
            Children.joinOk(children.start(() -> createAndExit(tracked, true)));
            Children.joinOk(children.start(() -> createAndExit(untracked, false)));
        }
        assertFalse(Files.exists(file(tracked)));
        assertTrue(Files.exists(file(untracked)));
        SegmentTracker.sweep();
        assertTrue(Files.exists(file(untracked)), "the tracker must leave untracked segments alone");
        try (SharedMemory shm = SharedMemory.attach(untracked)) {
            shm.unlink();
        }
    }
}
