package org.multiprocessing4j;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM started by a test, its stdout and stderr merged and read line by line on a thread, so that waiting for a
 * line is bounded. {@link #close()} kills it and everything it started.
 */
public final class LaunchedJvm implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder all = new StringBuilder();
    private final Thread pump;

    private LaunchedJvm(Process process) {
        this.process = process;
        this.pump = Thread.ofPlatform().daemon().name("launched-jvm-output").start(this::pump);
    }

    public static LaunchedJvm start(List<String> command) throws IOException {
        return new LaunchedJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (all) {
                    all.append(line).append('\n');
                }
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    public Process process() {
        return process;
    }

    /** The next line matching {@code p}, skipping others; fails after {@code timeout}. */
    public String awaitLine(Predicate<String> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) throw new AssertionError("no matching line within " + timeout + "; output so far:\n" + output());
            if (p.test(line)) return line;
        }
    }

    /** Waits for the JVM to exit and returns its exit code; fails (after killing it) on timeout. */
    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("the launched JVM did not exit within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Everything it has printed so far. */
    public String output() {
        synchronized (all) {
            return all.toString();
        }
    }

    /** Everything it printed, once its output has ended (after it exited). */
    public String fullOutput(Duration timeout) throws InterruptedException {
        exitCode(timeout);
        // The output ends when the JVM and every child that inherited its stdout have ended.
        pump.join(timeout);
        return output();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
