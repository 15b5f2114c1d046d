package org.multiprocessing4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;

/**
 * run.py metric 7: ping-pong latency of a small boxed int over a duplex {@link Pipe} to a child JVM (unpinned and
 * with both ends on one CPU), and parent-to-child throughput of 256 x 1 MiB {@code sendBytes}.
 */
final class PipeGroup implements BenchGroup {
    static final int ROUNDTRIPS_PER_REP = 5000, WARMUP_ROUNDTRIPS = 1000, REPS = 5;
    static final int MSG_BYTES = 1 << 20, MSGS_PER_REP = 256;
    private static final Duration JOIN = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "pipe";
    }

    /** The child's echo loop: send back every object until null arrives. Pins itself first when cpu >= 0. */
    static void echo(Connection c, Integer cpu) {
        if (cpu >= 0) Affinity.pin(cpu);
        // the first message is the start-up ping, echoed like any other
        try (c) {
            for (Object o; (o = c.recv()) != null; ) c.send(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The child's sink: per rep, receive the byte messages, then reply with the byte count. */
    static void sink(Connection c, Integer reps) {
        try (c) {
            c.send(c.recv()); // the start-up ping
            for (int r = 0; r < reps; r++) {
                long total = 0;
                for (int i = 0; i < MSGS_PER_REP; i++) total += c.recvBytes().length;
                c.send(total);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void run(Reporter r) throws Exception {
        r.emit("pipe_roundtrip_us", roundTrip(-1), "us");
        // run.py pins its main thread to the lowest CPU of its mask and the child to the same CPU. Here: this
        // thread by sched_setaffinity(0); the child JVM inherits the mask because it is spawned from this thread,
        // and its echo thread pins itself again. The parent JVM's other threads (JIT, GC) stay unpinned, as
        // they do not exist in CPython.
        byte[] old = Affinity.get();
        int cpu = Affinity.firstCpu(old);
        Affinity.pin(cpu);
        try {
            r.emit("pipe_roundtrip_us.same_cpu", roundTrip(cpu), "us");
        } finally {
            Affinity.set(old);
        }
        r.emit("pipe_bytes_throughput_MBps", bytesThroughput(), "MB/s");
    }

    /** A started child and the parent's end, once the child has answered {@code ping}. */
    private record Peer(Pipe pipe, JvmProcess process) {}

    private static Peer startPeer(java.util.function.Function<Connection, JvmProcess> child, Object ping) throws Exception {
        Pipe pipe = Pipe.open();
        JvmProcess p = child.apply(pipe.second());
        p.start();
        pipe.second().close();
        pipe.first().send(ping);
        pipe.first().recv(); // an EOFException here means the child died: the group fails, and says so
        return new Peer(pipe, p);
    }

    private static double[] roundTrip(int cpu) throws Exception {
        double[] repMedians = new double[REPS];
        Peer peer = startPeer(c -> JvmProcess.of(PipeGroup::echo, c, cpu), -1);
        try (Pipe pipe = peer.pipe()) {
            Connection a = pipe.first();
            JvmProcess p = peer.process();
            for (int i = 0; i < WARMUP_ROUNDTRIPS; i++) {
                a.send(i);
                a.recv();
            }
            long[] samples = new long[ROUNDTRIPS_PER_REP];
            for (int rep = 0; rep < REPS; rep++) {
                for (int i = 0; i < ROUNDTRIPS_PER_REP; i++) {
                    long t0 = System.nanoTime();
                    a.send(i);
                    Object back = a.recv();
                    samples[i] = System.nanoTime() - t0;
                    if (!(back instanceof Integer x) || x != i) throw new IllegalStateException("correctness check failed: pipe echo");
                }
                repMedians[rep] = Stats.median(samples) / 1e3;
            }
            a.send(null);
            join(p);
        }
        return repMedians;
    }

    private static double[] bytesThroughput() throws Exception {
        int warmup = 1;
        byte[] buf = new byte[MSG_BYTES];
        Arrays.fill(buf, (byte) 0x5A);
        long total = (long) MSG_BYTES * MSGS_PER_REP;
        double[] rates = new double[REPS];
        Peer peer = startPeer(c -> JvmProcess.of(PipeGroup::sink, c, warmup + REPS), new byte[0]);
        try (Pipe pipe = peer.pipe()) {
            Connection a = pipe.first();
            JvmProcess p = peer.process();
            for (int rep = 0; rep < warmup + REPS; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < MSGS_PER_REP; i++) a.sendBytes(buf);
                Object got = a.recv();
                long dt = System.nanoTime() - t0;
                if (!(got instanceof Long n) || n != total) throw new IllegalStateException("correctness check failed: pipe bytes count");
                if (rep >= warmup) rates[rep - warmup] = total / (dt / 1e9) / 1e6;
            }
            join(p);
        }
        return rates;
    }

    private static void join(JvmProcess p) throws InterruptedException {
        if (!p.join(JOIN) || p.exitCode().orElse(-999) != 0) {
            throw new IllegalStateException("correctness check failed: child exit code " + p.exitCode());
        }
        p.close();
    }
}
