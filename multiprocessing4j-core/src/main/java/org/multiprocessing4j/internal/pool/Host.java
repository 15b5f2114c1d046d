package org.multiprocessing4j.internal.pool;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.connection.Connection;

/** What runs a process-protocol worker: a worker JVM, or (in tests) a thread in this JVM. */
public interface Host {
    long pid();

    boolean isAlive();

    /** SIGKILL (or the closest thing). */
    void kill();

    /** SIGTERM (or the closest thing). */
    void terminate();

    boolean awaitExit(long nanos) throws InterruptedException;

    int exitCode();

    /** The last lines the worker wrote to stderr, or null when they are not captured. */
    String stderrTail();

    /** The JVM's fatal error log, or null. */
    String hsErrFile();

    /** Deletes what belongs to the worker once it has ended. */
    void release();

    /**
     * Waits for a worker whose channel has ended to end too, escalating: 2 s, then SIGTERM and 1 s, then SIGKILL
     * and 5 s. Interrupted, it kills at once (and keeps the interrupt status).
     */
    static void awaitEnd(Host h) {
        try {
            if (!h.awaitExit(2_000_000_000L)) {
                h.terminate();
                if (!h.awaitExit(1_000_000_000L)) {
                    h.kill();
                    h.awaitExit(5_000_000_000L);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            h.kill();
        }
    }

    /**
     * Set once the machine running the worker went away (a cluster member left or crashed): then the worker's end is
     * no fault of its own nor of its tasks, it is no startup failure, and its tasks are settled as the loss says.
     *
     * @return how the loss is settled, or null (the default) for a worker that ended by itself
     */
    default Loss loss() {
        return null;
    }

    /**
     * How the tasks of a worker whose host was lost are settled: every task sent to it that the pool did not kill on
     * purpose is sent again to another worker, at most {@code retries} times per task (we cannot know which of them
     * ran); beyond that it fails with {@code exception.apply(message, death)}.
     */
    record Loss(String reason, int retries,
                java.util.function.BiFunction<String, Worker.Death, ? extends RuntimeException> exception) {}

    /** {@return a name for logs and insights (the process's name), or null} */
    default String name() {
        return null;
    }

    /** A worker JVM. */
    final class Jvm implements Host {
        final JvmProcess process;
        final Path errFile;
        final StderrPump.Entry pumped;
        final Path dir;
        final String hsErrPrefix;
        /** The captured stdout, when the pool prefixes worker output; else null. */
        final StderrPump.Entry pumpedOut;

        Jvm(JvmProcess process, Path errFile, StderrPump.Entry pumped, StderrPump.Entry pumpedOut, Path dir,
            String hsErrPrefix) {
            this.process = process;
            this.errFile = errFile;
            this.pumped = pumped;
            this.pumpedOut = pumpedOut;
            this.dir = dir;
            this.hsErrPrefix = hsErrPrefix;
        }

        @Override
        public long pid() {
            return process.pid().orElse(-1);
        }

        @Override
        public String name() {
            return process.name();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void kill() {
            process.kill();
        }

        @Override
        public void terminate() {
            process.terminate();
        }

        @Override
        public boolean awaitExit(long nanos) throws InterruptedException {
            return process.join(Duration.ofNanos(nanos));
        }

        @Override
        public int exitCode() {
            return process.exitCode().orElse(Integer.MIN_VALUE);
        }

        @Override
        public String stderrTail() {
            if (errFile == null) return null;
            if (pumped != null) StderrPump.drain(pumped);
            return tail(errFile, 20);
        }

        @Override
        public String hsErrFile() {
            Path f = dir.resolve(hsErrPrefix + pid() + ".log");
            return Files.exists(f) ? f.toString() : null;
        }

        @Override
        public void release() {
            unpump(pumped);
            unpump(pumpedOut);
            if (process.exitCode().isPresent()) process.close();
        }

        /** Stops copying a captured stream and deletes its file. */
        private static void unpump(StderrPump.Entry e) {
            if (e == null) return;
            StderrPump.unregister(e);
            try {
                Files.deleteIfExists(e.file);
            } catch (IOException x) {
                // runtime dir is removed at exit anyway
            }
        }

        static String tail(Path file, int lines) {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long len = f.length();
                int n = (int) Math.min(len, 16384);
                byte[] b = new byte[n];
                f.seek(len - n);
                f.readFully(b);
                String s = new String(b, StandardCharsets.UTF_8);
                String[] all = s.split("\n", -1);
                int end = all.length;
                if (end > 0 && all[end - 1].isEmpty()) end--;
                int start = Math.max(0, end - lines);
                if (n < len && start == 0) start = 1; // first line may be cut
                return String.join("\n", java.util.Arrays.copyOfRange(all, start, end));
            } catch (IOException e) {
                return null;
            }
        }

        static Path fileOf(Redirect r) {
            return r != null && (r.type() == Redirect.Type.WRITE || r.type() == Redirect.Type.APPEND) ? r.file().toPath() : null;
        }
    }

    /** A worker loop on a thread of this JVM, over a real pipe: the protocol without a JVM start (tests). */
    final class InProcess implements Host {
        private final Thread thread;
        private final Connection workerEnd;
        private volatile int code = Integer.MIN_VALUE;

        InProcess(Connection workerEnd, Codec codec, String name) {
            this.workerEnd = workerEnd;
            this.thread = Thread.ofPlatform().daemon().name(name).unstarted(() -> {
                WorkerLoop.serve(workerEnd, codec);
                if (code == Integer.MIN_VALUE) code = 0;
            });
        }

        void startThread() {
            thread.start();
        }

        @Override
        public long pid() {
            return -1; // no process of its own
        }

        @Override
        public String name() {
            return thread.getName();
        }

        @Override
        public boolean isAlive() {
            return thread.isAlive();
        }

        @Override
        public void kill() {
            if (code == Integer.MIN_VALUE) code = -9;
            workerEnd.close();
            thread.interrupt();
        }

        @Override
        public void terminate() {
            if (code == Integer.MIN_VALUE) code = -15;
            workerEnd.close();
            thread.interrupt();
        }

        @Override
        public boolean awaitExit(long nanos) throws InterruptedException {
            return thread.join(Duration.ofNanos(Math.max(1, nanos))) || !thread.isAlive();
        }

        @Override
        public int exitCode() {
            return code;
        }

        @Override
        public String stderrTail() {
            return null;
        }

        @Override
        public String hsErrFile() {
            return null;
        }

        @Override
        public void release() {}
    }
}
