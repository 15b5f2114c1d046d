package org.multiprocessing4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;

/**
 * The main of a parent JVM that launch-style and parent-death tests start with {@code java -cp}. It reports on
 * stdout, one fact per line, so the test can follow it.
 */
public final class LaunchedParent {
    private LaunchedParent() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "run" -> runOne();
            case "daemons" -> daemonsThenHang();
            case "non-daemon" -> nonDaemonOutlivesMain(Path.of(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void report(Connection c) {
        try {
            c.send("task ran in pid " + ProcessHandle.current().pid() + " with parent "
                    + Multiprocessing.parentProcess().orElseThrow().pid().orElse(-1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void runOne() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            JvmProcess p = JvmProcess.of(LaunchedParent::report, pipe.second());
            p.start();
            if (!pipe.first().poll(Duration.ofSeconds(30))) throw new IllegalStateException("no word from the child");
            System.out.println("child says: " + pipe.first().recv());
            if (!p.join(Duration.ofSeconds(30))) throw new IllegalStateException("child did not end");
            System.out.println("child exit code " + p.exitCode().getAsInt());
        }
    }

    static void readyThenSleep(Connection c) {
        try {
            c.send("ready");
            Thread.sleep(Duration.ofMinutes(5)); // only ever ended by its parent's death
        } catch (IOException | InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    private static void daemonsThenHang() throws Exception {
        Pipe pipe = Pipe.open();
        for (int i = 0; i < 2; i++) {
            JvmProcess p = JvmProcess.of(LaunchedParent::readyThenSleep, pipe.second()).daemon(true);
            p.start();
            System.out.println("child pid " + p.pid().getAsLong());
        }
        for (int i = 0; i < 2; i++) {
            if (!pipe.first().poll(Duration.ofSeconds(30))) throw new IllegalStateException("a child is not ready");
            pipe.first().recv();
        }
        System.out.println("children ready");
        Thread.sleep(Duration.ofMinutes(5)); // the test kills this JVM
    }

    /** Waits (bounded) until the test creates {@code release}, then prints and ends. */
    static void awaitRelease(String release) {
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.exists(Path.of(release))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("never released");
                Thread.sleep(10); // polling a condition with a deadline
            }
            System.out.println("child done");
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    private static void nonDaemonOutlivesMain(Path release) {
        JvmProcess p = JvmProcess.of(LaunchedParent::awaitRelease, release.toString());
        p.start();
        System.out.println("child pid " + p.pid().getAsLong());
        System.out.println("main returns");
    }
}
