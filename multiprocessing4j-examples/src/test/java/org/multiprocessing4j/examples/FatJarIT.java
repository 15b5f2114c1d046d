package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The parent runs with {@code java -jar} on the shaded jar: its only class path entry is that jar. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FatJarIT {
    @TempDir
    Path tmp;

    @AfterEach
    void noJvmLeft() {
        Launched.assertNoLiveDescendants();
    }

    private static Path fatJar() {
        Path jar = Path.of(System.getProperty("mp4j.fatJar", "target/none.jar"));
        assertTrue(Files.isRegularFile(jar), "run after package: " + jar);
        return jar;
    }

    private Launched runJar(String... args) throws Exception {
        // No --enable-native-access: the jar's manifest grants it. The AOT cache (an all-jar class path) is
        // trained, by a JVM that may outlive the parent, into target/ rather than the user's cache or @TempDir.
        List<String> cmd = new java.util.ArrayList<>(List.of(Launched.java(),
                "-Dmultiprocessing4j.aotDir=" + fatJar().resolveSibling("aot-it"), "-jar", fatJar().toString()));
        cmd.addAll(List.of(args));
        return Launched.run(cmd, tmp.toFile(), Duration.ofSeconds(90));
    }

    @Test
    void aChildStartsFromTheFatJar() throws Exception {
        Launched r = runJar("launch-check");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("loaded by jdk.internal.loader.ClassLoaders$AppClassLoader"), r.output());
        assertTrue(r.output().contains("child says: task ran in pid "), r.output());
        assertTrue(r.output().contains("child exit code 0"), r.output());
        assertFalse(r.output().contains("WARNING"), "the manifest enables native access: " + r.output());
    }

    @Test
    void anExampleRunsFromTheFatJar() throws Exception {
        Launched r = runJar("adder-server", "2");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("2 + 20 = 22"), r.output());
        assertTrue(r.output().contains("server exit code 0"), r.output());
    }
}
