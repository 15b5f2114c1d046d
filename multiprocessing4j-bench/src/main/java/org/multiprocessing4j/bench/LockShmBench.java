package org.multiprocessing4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.Lock;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.shm.SharedMemory;
import org.multiprocessing4j.shm.SharedValue;
import org.multiprocessing4j.sync.SharedEvent;
import org.multiprocessing4j.sync.SharedLock;

/**
 * The Java side of bench groups {@code lock} and {@code shm}: CPython's metrics 9, 9b, 9c, 10 and 10b-10e from
 * {@code ../shared/bench/python/run.py}, same workloads, clock boundaries, repetitions (W+R) and statistic (median),
 * printed as {@code name<TAB>value<TAB>unit}. Arguments: the groups to run ({@code lock}, {@code shm}); none = both.
 */
public final class LockShmBench {
    static final int LOCK_OPS_PER_REP = 1_000_000;
    static final int VALUE_INCREMENTS_PER_PROC = 100_000;
    static final int SHM_BYTES = 256 << 20;
    static final byte FILL_BYTE = 0x5A;

    private LockShmBench() {}

    /** Where results go: set by the group that runs. */
    private static Reporter out;

    /** Group {@code lock}: run.py's metrics 9, 9b, 9c. */
    static final class LockGroup implements BenchGroup {
        @Override
        public String name() {
            return "lock";
        }

        @Override
        public void run(Reporter r) throws Exception {
            out = r;
            lock();
        }
    }

    /** Group {@code shm}: run.py's metrics 10, 10b-10e, plus the one-copy-versus-memcpy ratio of DESIGN.md §5. */
    static final class ShmGroup implements BenchGroup {
        @Override
        public String name() {
            return "shm";
        }

        @Override
        public void run(Reporter r) throws Exception {
            out = r;
            shm();
        }
    }

    // ---- group lock (metrics 9, 9b, 9c) ----------------------------------------------------------------------

    static void lock() throws Exception {
        SharedLock lock = new SharedLock();
        int n = LOCK_OPS_PER_REP;
        List<Double> rates = new ArrayList<>();
        for (int rep = 0; rep < 1 + 5; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                lock.lock();
                lock.unlock();
            }
            long dt = System.nanoTime() - t0;
            if (rep >= 1) rates.add(n / (dt / 1e9));
        }
        emit("lock_uncontended_ops_per_s", rates, "ops/s");

        int per = VALUE_INCREMENTS_PER_PROC, total = 2 * per;
        rates.clear();
        boolean allOk = true;
        for (int rep = 0; rep < 1 + 5; rep++) {
            SharedValue.OfInt v = SharedValue.ofInt(0);
            SharedEvent go = new SharedEvent();
            SharedEvent r1 = new SharedEvent(), r2 = new SharedEvent();
            JvmProcess p1 = new JvmProcess(() -> valueIncrementer(v, per, r1, go)).daemon(true);
            JvmProcess p2 = new JvmProcess(() -> valueIncrementer(v, per, r2, go)).daemon(true);
            p1.start();
            p2.start();
            check(r1.await(Duration.ofSeconds(120)) && r2.await(Duration.ofSeconds(120)), "children ready");
            long t0 = System.nanoTime();
            go.set();
            p1.join();
            p2.join();
            long dt = System.nanoTime() - t0;
            check(p1.exitCode().orElse(-1) == 0 && p2.exitCode().orElse(-1) == 0, "incrementers exit 0");
            allOk &= v.get() == total;
            p1.close();
            p2.close();
            if (rep >= 1) rates.add(total / (dt / 1e9));
        }
        emit("lock_value_increment_2proc_ops_per_s", rates, "ops/s");
        out.emitBool("lock_value_increment_2proc_correct", allOk);
    }

    /**
     * Child of 9b. Before signalling ready it runs the same loop on a private value, so the loop is compiled
     * before the clock starts (the CPython child has no compiler to warm; this is the Java analogue of importing).
     */
    static void valueIncrementer(SharedValue.OfInt v, int n, SharedEvent ready, SharedEvent go) {
        SharedValue.OfInt scratch = SharedValue.ofInt(0);
        for (int k = 0; k < 3; k++) increment(scratch, n);
        ready.set();
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
        increment(v, n);
    }

    static void increment(SharedValue.OfInt v, int n) {
        Lock lock = v.lock();
        for (int i = 0; i < n; i++) {
            lock.lock();
            try {
                v.set(v.get() + 1);
            } finally {
                lock.unlock();
            }
        }
    }

    // ---- group shm (metrics 10, 10b-10e) ---------------------------------------------------------------------

    static void shm() throws Exception {
        int size = SHM_BYTES;
        List<Double> e2e = new ArrayList<>(), wr = new ArrayList<>(), rd = new ArrayList<>(), pe = new ArrayList<>();
        for (int rep = 0; rep < 1 + 5; rep++) {
            SharedMemory shm = SharedMemory.create(size);
            SharedEvent ready = new SharedEvent(), go = new SharedEvent();
            try (Pipe pipe = Pipe.open()) {
                Connection b = pipe.second();
                JvmProcess p = new JvmProcess(() -> shmWriter(shm, size, ready, go, b)).daemon(true);
                p.start();
                check(ready.await(Duration.ofSeconds(120)), "writer ready");
                long t0 = System.nanoTime();
                go.set();
                double childWrite = (Double) pipe.first().recv();
                long t1 = System.nanoTime();
                byte[] data = shm.segment().toArray(ValueLayout.JAVA_BYTE);
                long t2 = System.nanoTime();
                check(data.length == size && allFill(data), "shm content");
                p.join();
                p.close();
                if (rep >= 1) {
                    e2e.add(size / ((t2 - t0) / 1e9) / 1e9);
                    wr.add(size / childWrite / 1e9);
                    rd.add(size / ((t2 - t1) / 1e9) / 1e9);
                }
            } finally {
                shm.close();
                shm.unlink();
            }
        }
        for (int rep = 0; rep < 1 + 5; rep++) {
            SharedEvent ready = new SharedEvent(), go = new SharedEvent();
            try (Pipe pipe = Pipe.open()) {
                Connection b = pipe.second();
                JvmProcess p = new JvmProcess(() -> pipeBigSender(b, size, ready, go)).daemon(true);
                p.start();
                check(ready.await(Duration.ofSeconds(120)), "sender ready");
                long t0 = System.nanoTime();
                go.set();
                byte[] data = pipe.first().recvBytes();
                long t1 = System.nanoTime();
                pipe.first().send(Boolean.TRUE);
                check(data.length == size && allFill(data), "pipe 256MiB content");
                p.join();
                p.close();
                if (rep >= 1) pe.add(size / ((t1 - t0) / 1e9) / 1e9);
            }
        }
        emit("shared_memory_bandwidth_GBps.shm_end_to_end", e2e, "GB/s");
        double childWrite = emit("shared_memory_bandwidth_GBps.shm_child_write", wr, "GB/s");
        emit("shared_memory_bandwidth_GBps.shm_parent_read_copy", rd, "GB/s");
        emit("shared_memory_bandwidth_GBps.pipe_end_to_end", pe, "GB/s");

        byte[] src = filled(size);
        byte[] dst = new byte[size];
        System.arraycopy(src, 0, dst, 0, size); // touched before timing
        List<Double> mc = new ArrayList<>();
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            System.arraycopy(src, 0, dst, 0, size);
            mc.add(size / ((System.nanoTime() - t0) / 1e9) / 1e9);
        }
        double memcpy = emit("shared_memory_bandwidth_GBps.local_memcpy_reference", mc, "GB/s");
        // DESIGN.md §5: the copy into shared memory runs at >= 90 % of a local memcpy on this JVM.
        out.emit("shared_memory_bandwidth_GBps.shm_child_write_vs_local_memcpy", new double[] {childWrite / memcpy}, "x");
    }

    static void shmWriter(SharedMemory shm, int size, SharedEvent ready, SharedEvent go, Connection conn) {
        byte[] src = filled(size); // prepared before the clock
        MemorySegment seg = shm.segment();
        try {
            ready.set();
            go.await();
            long t0 = System.nanoTime();
            MemorySegment.copy(src, 0, seg, ValueLayout.JAVA_BYTE, 0, size); // timed: one copy into shm
            long t1 = System.nanoTime();
            conn.send((t1 - t0) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        } finally {
            shm.close();
        }
    }

    static void pipeBigSender(Connection conn, int size, SharedEvent ready, SharedEvent go) {
        byte[] src = filled(size);
        try {
            ready.set();
            go.await();
            conn.sendBytes(src);
            conn.recv(); // parent's ack, then exit
            conn.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    static byte[] filled(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, FILL_BYTE);
        return b;
    }

    static boolean allFill(byte[] data) {
        byte[] expected = new byte[1 << 20];
        Arrays.fill(expected, FILL_BYTE);
        for (int off = 0; off < data.length; off += expected.length) {
            int len = Math.min(expected.length, data.length - off);
            if (!Arrays.equals(data, off, off + len, expected, 0, len)) return false;
        }
        return true;
    }

    static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException("check failed: " + what);
    }

    static double emit(String name, List<Double> samples, String unit) {
        return out.emit(name, Stats.doubles(samples), unit);
    }

    static String fmt(double v) {
        return v >= 1000 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.3f", v);
    }
}
