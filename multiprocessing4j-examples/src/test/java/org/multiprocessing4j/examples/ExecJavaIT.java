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

/**
 * The parent runs inside Maven with {@code mvn exec:java}: its classes come from the exec plugin's class loader,
 * not from {@code java.class.path} (which holds only Maven's launcher). Needs Maven Central for the plugin on a
 * fresh machine, so it runs online.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ExecJavaIT {
    @AfterEach
    void noJvmLeft() {
        Launched.assertNoLiveDescendants();
    }

    @Test
    void aChildStartsUnderExecJava() throws Exception {
        Path root = Path.of(System.getProperty("mp4j.repoRoot", "..")).toAbsolutePath().normalize();
        Path mvnw = root.resolve("mvnw");
        assertTrue(Files.isExecutable(mvnw), mvnw.toString());
        // -am builds core from this checkout (it need not be installed); exec:java skips every module but this one.
        List<String> cmd = List.of(mvnw.toString(), "-q", "-pl", "multiprocessing4j-examples", "-am",
                "compile", "exec:java", "-Dexec.mainClass=" + LaunchCheck.class.getName());
        Launched r = Launched.run(cmd, root.toFile(), Duration.ofSeconds(240));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().matches("(?s).*loaded by org\\.codehaus\\.mojo\\.exec\\.[^\n]*\n.*"),
                "the class came from the exec plugin's loader: " + r.output());
        assertTrue(r.output().contains("child says: task ran in pid "), r.output());
        assertTrue(r.output().contains("child exit code 0"), r.output());
    }
}
