package org.multiprocessing4j.pool;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** Task functions for the pool tests (static, so workers load them by class). */
final class Fns {
    /** The ints 0..n-1: the inputs of most tests. */
    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private Fns() {}

    static volatile String initialized = "no";
    static final AtomicInteger COUNT = new AtomicInteger();

    static int square(int x) {
        return x * x;
    }

    static int ident(int x) {
        return x;
    }

    /** Released by tests; {@link #waitOrCount} blocks on it for negative inputs (threads and in-process workers). */
    static volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    static final AtomicInteger RUNS = new AtomicInteger();

    /** Negative: waits (at most a minute) for {@link #release}; else counts a run. */
    static int waitOrCount(int x) {
        if (x < 0) {
            try {
                release.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        } else {
            RUNS.incrementAndGet();
        }
        return x;
    }

    static String concat(String a, String b) {
        return a + b;
    }

    static String upper(String s) {
        return s.toUpperCase(java.util.Locale.ROOT);
    }

    static String greet(String who) {
        System.out.println("hello " + who);
        System.err.println("warning " + who);
        System.out.flush();
        System.err.flush();
        return who;
    }

    static int add(int a, int b) {
        return a + b;
    }

    static long pid(Object ignored) {
        return ProcessHandle.current().pid();
    }

    static String initialized(Object ignored) {
        return initialized;
    }

    static void init(String value) {
        initialized = value;
    }

    /** Returns {@code value} once {@code go} is set (at most 60 s): a slow task whose end the test decides. */
    static int afterEvent(org.multiprocessing4j.sync.SharedEvent go, int value) {
        try {
            if (!go.await(java.time.Duration.ofSeconds(60))) throw new IllegalStateException("go never set");
        } catch (InterruptedException e) {
            throw new RuntimeException("interrupted", e);
        }
        return value;
    }

    /** Sets {@code started}, then halts its worker JVM once {@code go} is set. */
    static int haltAfterEvent(org.multiprocessing4j.sync.SharedEvent started, org.multiprocessing4j.sync.SharedEvent go,
                              int code) {
        started.set();
        afterEvent(go, code);
        Runtime.getRuntime().halt(code);
        return code;
    }

    static int sleepMillis(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new RuntimeException("interrupted", e);
        }
        return ms;
    }

    static int failOn(int x) {
        if (x == 5) throw new IllegalArgumentException("bad input " + x);
        return x;
    }

    static int alwaysFail(int x) {
        throw new IllegalStateException("fails on " + x);
    }

    static int checked(int x) throws Exception {
        throw new java.io.IOException("checked " + x);
    }

    static int exit(int code) {
        System.exit(code);
        return 0;
    }

    static int halt(int code) {
        System.err.println("about to halt with " + code);
        System.err.flush();
        Runtime.getRuntime().halt(code);
        return 0;
    }

    static int killSelf(int x) {
        System.err.println("killing myself " + x);
        System.err.flush();
        try {
            new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(60_000);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
        return x;
    }

    static int oom(int x) {
        java.util.List<long[]> hog = new java.util.ArrayList<>();
        while (true) hog.add(new long[1 << 20]);
    }

    static Object unencodableResult(int x) {
        return new Object();
    }

    static int unencodableError(int x) {
        throw new Unencodable("cannot ship " + x);
    }

    static final class Unencodable extends RuntimeException {
        @SuppressWarnings("unused")
        private final transient Object ok = null;
        @SuppressWarnings({"unused", "serial"})
        private final Object notSerializable = new Object();

        Unencodable(String m) {
            super(m);
        }
    }

    /** An argument whose decoding in the worker throws. */
    static final class FailsToDecode implements Serializable {
        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            throw new java.io.InvalidObjectException("refusing to be decoded");
        }
    }

    /** An argument whose decoding in the worker kills the worker. */
    static final class CrashesOnDecode implements Serializable {
        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            Runtime.getRuntime().halt(42);
        }
    }

    /** A result whose decoding in the parent throws. */
    static final class FailsInParent implements Serializable {
        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            throw new java.io.InvalidObjectException("cannot decode in the parent");
        }
    }

    static Object failsInParent(long parent) {
        return new FailsInParent();
    }

    static Object big(int mib) {
        return new byte[mib << 20];
    }

    static int bigError(int kib) {
        throw new IllegalStateException("x".repeat(kib * 1024));
    }

    static int failInit() {
        throw new IllegalStateException("initializer fails on purpose");
    }

    static void badInit(Object ignored) {
        throw new IllegalStateException("initializer fails on purpose");
    }

    /** The worker's identity: its pid for a JVM worker, its thread id for a thread worker. */
    static long threadOrPid(Object ignored) {
        return Thread.currentThread().getName().startsWith("mp4j-thread-worker") || Thread.currentThread().getName().startsWith("mp4j-inproc")
                ? Thread.currentThread().threadId() : ProcessHandle.current().pid();
    }

    /** A result whose encoding in the worker ends the worker (halt) or exits it (System.exit). */
    static final class EndsOnEncode implements Serializable {
        final boolean halt;

        EndsOnEncode(boolean halt) {
            this.halt = halt;
        }

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            if (halt) Runtime.getRuntime().halt(43);
            System.exit(44);
        }
    }

    static Object endsOnEncode(boolean halt) {
        return new EndsOnEncode(halt);
    }

    /** An argument whose encoding fails in the caller. */
    static final class FailsToEncode implements Serializable {
        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            throw new java.io.NotSerializableException("refusing to be encoded");
        }
    }

    /** Even numbers as an Integer, odd ones as they came (a Long). */
    static Object evenAsInt(Long x) {
        return x % 2 == 0 ? (Object) x.intValue() : x;
    }

    static Object identity(Object o) {
        return o;
    }

    static byte[] sized(int n) {
        return new byte[n];
    }

    static int bytesLength(byte[] b) {
        return b.length;
    }
}
