package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.function.SerializableRunnable;

/**
 * A child starts and runs its task however the parent was launched (seed 003: "works from the command line, hangs
 * once packaged"). Here: {@code java -cp} with directories and with jars, Surefire, and a class the class path
 * cannot reach. The fat-jar and {@code mvn exec:java} cases are integration tests of the examples module.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LaunchStyleTest {
    static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    @Test
    void javaCpWithDirectories() throws Exception {
        runParent(Jvms.javaCommand(LaunchedParent.class.getName(), "run"));
    }

    @Test
    void javaCpWithJars() throws Exception {
        List<String> jars = new ArrayList<>();
        for (String e : Jvms.classPath().split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.isDirectory(p)) jars.add(jar(p, tmp.resolve("cp" + jars.size() + ".jar")).toString());
            else if (!e.contains("junit") && !e.contains("opentest4j") && !e.contains("apiguardian")) jars.add(e);
        }
        List<String> cmd = List.of(Jvms.java(), "--enable-native-access=ALL-UNNAMED",
                // An all-jar class path trains an AOT cache in a background JVM that may outlive the parent: keep it
                // out of the user's cache and out of the temporary directory JUnit deletes.
                "-Dmultiprocessing4j.aotDir=" + Path.of("target", "aot-test").toAbsolutePath(),
                "-cp", String.join(File.pathSeparator, jars), LaunchedParent.class.getName(), "run");
        runParent(cmd);
    }

    private static void runParent(List<String> cmd) throws Exception {
        try (LaunchedJvm parent = LaunchedJvm.start(cmd)) {
            String said = parent.awaitLine(l -> l.startsWith("child says: "), LONG);
            assertTrue(said.matches("child says: task ran in pid \\d+ with parent " + parent.process().pid()), said);
            parent.awaitLine("child exit code 0"::equals, LONG);
            List<ProcessHandle> helpers = parent.process().descendants().toList(); // e.g. AOT training
            assertEquals(0, parent.exitCode(LONG), parent.output());
            for (ProcessHandle h : helpers) h.onExit().get(LONG.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Packs a directory of classes into a jar. */
    static Path jar(Path dir, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    static void sendClassPath(Connection c) {
        try {
            c.send(System.getProperty("java.class.path"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void surefireTheChildGetsSurefiresTestClassPath() throws Exception {
        String surefire = System.getProperty("surefire.test.class.path");
        assertNotNull(surefire, "this test runs under Surefire");
        String here = Path.of(LaunchStyleTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        try (Pipe pipe = Pipe.open()) {
            JvmProcess p = JvmProcess.of(LaunchStyleTest::sendClassPath, pipe.second());
            p.start();
            assertTrue(pipe.first().poll(LONG));
            List<String> childCp = List.of(((String) pipe.first().recv()).split(File.pathSeparator));
            assertTrue(p.join(LONG));
            assertEquals(0, p.exitCode().getAsInt());
            List<String> expected = Stream.of(surefire.split(File.pathSeparator)).filter(s -> !s.isEmpty())
                    .map(s -> Path.of(s).toAbsolutePath().toString()).toList();
            assertEquals(expected, childCp, "the child's class path is Surefire's test class path");
            assertTrue(childCp.contains(here), "it holds the test classes: " + here);
        }
    }

    /** A task class that a custom loader defines from bytes: no file or URL can give it to a child JVM. */
    public static final class Orphan implements SerializableRunnable {
        private static final long serialVersionUID = 1L;

        @Override
        public void run() {}
    }

    /** Defines {@link Orphan} itself (from its bytes) instead of delegating, like plugin systems and scripting hosts. */
    static final class BytesLoader extends ClassLoader {
        BytesLoader() {
            super(LaunchStyleTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(Orphan.class.getName())) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c != null) return c;
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] b = in.readAllBytes();
                    return defineClass(name, b, 0, b.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }

    @Test
    void aClassTheClassPathCannotReachFailsStartAtOnce() throws Exception {
        Class<?> orphan = new BytesLoader().loadClass(Orphan.class.getName());
        assertNotSame(Orphan.class, orphan);
        SerializableRunnable task = (SerializableRunnable) orphan.getConstructor().newInstance();
        JvmProcess p = new JvmProcess(task);
        long t0 = System.nanoTime();
        ProcessStartException e = assertThrows(ProcessStartException.class, p::start);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "at once, not after a timeout");
        String m = e.getMessage();
        assertTrue(m.contains(Orphan.class.getName()), m);
        assertTrue(m.contains("Context.builder().classPath("), "says what to do: " + m);
        assertTrue(p.pid().isEmpty());
        assertFalse(p.isAlive());
        assertEquals(List.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList(),
                "no JVM was launched");
    }

    @Test
    void anExplicitClassPathMakesThatClassStartable() throws Exception {
        // The fix the message suggests: give the class path. The child loads the class from the application loader.
        Class<?> orphan = new BytesLoader().loadClass(Orphan.class.getName());
        SerializableRunnable task = (SerializableRunnable) orphan.getConstructor().newInstance();
        List<Path> cp = Stream.of(Jvms.classPath().split(File.pathSeparator)).map(Path::of).toList();
        JvmProcess p = new JvmProcess(task).context(Context.builder().classPath(cp).build());
        p.start();
        assertTrue(p.join(LONG));
        assertEquals(0, p.exitCode().getAsInt());
    }
}
