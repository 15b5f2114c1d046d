package org.multiprocessing4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;

/**
 * Proves that a child process can start and run a task however this program was launched ({@code java -jar} on
 * the fat jar, {@code mvn exec:java}, ...): the child answers through a pipe with its pid and class path origin.
 */
public final class LaunchCheck {
    private LaunchCheck() {}

    static void answer(Connection c) {
        try {
            c.send("task ran in pid " + ProcessHandle.current().pid() + ", child of "
                    + Multiprocessing.parentProcess().orElseThrow().pid().orElse(-1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the example from the command line.
     *
     * @param args none
     * @throws Exception if the child cannot be started or does not answer
     */
    public static void main(String[] args) throws Exception {
        System.out.println("parent pid " + ProcessHandle.current().pid() + ", loaded by "
                + LaunchCheck.class.getClassLoader().getClass().getName());
        try (Pipe pipe = Pipe.open()) {
            JvmProcess p = JvmProcess.of(LaunchCheck::answer, pipe.second());
            p.start();
            if (!pipe.first().poll(Duration.ofSeconds(60))) throw new IllegalStateException("the child never answered");
            System.out.println("child says: " + pipe.first().recv());
            if (!p.join(Duration.ofSeconds(60))) throw new IllegalStateException("the child did not end");
            System.out.println("child exit code " + p.exitCode().getAsInt());
        }
    }
}
