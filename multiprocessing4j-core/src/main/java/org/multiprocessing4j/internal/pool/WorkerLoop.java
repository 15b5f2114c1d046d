package org.multiprocessing4j.internal.pool;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.Identity;

/**
 * The worker's side of the pool protocol (see {@link Wire}): runs in a worker JVM (or, in tests, a thread). Reads
 * task batches, runs them in order, answers with result batches. Results are flushed when no more work is at hand,
 * when 64 KiB have accumulated, or when the pool's batch window (50 µs by default) has passed since the task of the
 * oldest unsent result started.
 */
public final class WorkerLoop {
    /** Transient functions a worker keeps; the parent mirrors this bound exactly (see {@link FnMirror}). */
    public static final int FN_CAPACITY = 64;
    private static final int FLUSH_BYTES = 64 * 1024;

    private final Connection conn;
    private final Codec codec;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final HashSet<Long> cancelled = new HashSet<>();
    private final Map<Integer, Object> fns = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Object> e) {
            return size() > FN_CAPACITY;
        }
    };
    private final Wire.Out out = new Wire.Out(4096);
    private int outCount;
    private long flushAgeNanos = PoolCore.RESULT_BATCH_NANOS;
    private long firstUnflushed;
    private Slot slot;
    private long cancelsSeen;
    private int maxTasks;
    private int processed;
    private boolean stop;
    /** Insights on (INIT flag): the times below are measured and sent after each result batch. */
    private boolean insights;
    private long waitNanos, workNanos, sendNanos;

    private record Pending(long id, byte kind, byte flags, int fnId, byte[] frame, int argOff, int argLen) {}

    private WorkerLoop(Connection conn, Codec codec) {
        this.conn = conn;
        this.codec = codec;
    }

    /** Entry point of a worker JVM: {@code JvmProcess.of(WorkerLoop::serve, connection)}. */
    public static void serve(Connection conn) {
        try {
            new WorkerLoop(conn, Identity.codec()).loop();
        } catch (EOFException e) {
            // the parent closed the channel or died: nothing left to do
        } catch (IOException e) {
            if (!conn.isClosed()) throw new java.io.UncheckedIOException(e);
        } finally {
            conn.close();
        }
    }

    /** In-process entry point (tests, thread-hosted workers). */
    public static void serve(Connection conn, Codec codec) {
        try {
            new WorkerLoop(conn, codec).loop();
        } catch (IOException e) {
            // channel closed
        } finally {
            conn.close();
        }
    }

    private void loop() throws IOException {
        while (!stop) {
            if (queue.isEmpty()) {
                flush();
                if (insights) {
                    long w0 = System.nanoTime();
                    byte[] f = conn.recvBytes();
                    waitNanos += System.nanoTime() - w0;
                    handle(f);
                } else {
                    handle(conn.recvBytes());
                }
                continue;
            }
            Pending p = queue.poll();
            if (p == null) continue;
            runOne(p);
            processed++;
            if (queue.isEmpty()) cancelled.clear();
            if (out.size() > FLUSH_BYTES || System.nanoTime() - firstUnflushed > flushAgeNanos) flush();
            if (maxTasks > 0 && processed >= maxTasks) {
                flush();
                return; // retire: the parent sent exactly maxTasks and expects the exit
            }
        }
        flush();
    }

    private void handle(byte[] frame) throws IOException {
        Wire.In in = new Wire.In(frame);
        switch (in.b()) {
            case Wire.TASKS -> {
                int n = in.i();
                for (int k = 0; k < n; k++) {
                    long id = in.l();
                    byte kind = in.b();
                    byte flags = in.b();
                    int fnId = in.i();
                    int fnOff = in.blockOffset();
                    int fnLen = in.lastLength;
                    if (fnLen >= 0) fns.put(fnId, new FnBytes(frame, fnOff, fnLen));
                    int argOff = in.blockOffset();
                    queue.add(new Pending(id, kind, flags, fnId, frame, argOff, in.lastLength));
                }
            }
            case Wire.CANCEL -> cancelled.add(in.l());
            case Wire.INIT -> init(in);
            case Wire.STOP -> stop = true;
            case Wire.PARK -> {
                flush();
                fns.clear();
                conn.sendBytes(new byte[] {Wire.PARKED});
            }
            default -> throw new IOException("unknown pool message type " + frame[0]);
        }
    }

    private record FnBytes(byte[] frame, int off, int len) {}

    private void init(Wire.In in) throws IOException {
        byte[] initializer = in.block();
        maxTasks = in.i();
        byte[] slotPath = in.block();
        insights = in.more() && (in.b() & Wire.INIT_INSIGHTS) != 0;
        flushAgeNanos = in.more() ? in.l() : PoolCore.RESULT_BATCH_NANOS;
        waitNanos = workNanos = sendNanos = 0; // a reused worker starts counting anew for its new pool
        fns.clear();
        processed = 0;
        if (slotPath != null) {
            Path sp = Path.of(new String(slotPath, StandardCharsets.UTF_8));
            if (slot == null || !slot.path().equals(sp)) slot = Slot.map(sp); // a reused worker keeps its slot
            cancelsSeen = slot.cancels();
        }
        if (initializer != null) {
            try {
                ((SerializableRunnable) codec.decode(initializer, 0, initializer.length)).run();
            } catch (Throwable t) {
                Wire.Out o = new Wire.Out(256).b(Wire.INIT_FAILED);
                o.block(encodeError(t, null));
                conn.sendBytes(o.array(), 0, o.size());
                stop = true;
                throw new EOFException("initializer failed");
            }
        }
        conn.sendBytes(new byte[] {Wire.READY});
    }

    private void runOne(Pending p) throws IOException {
        if (cancelled.remove(p.id)) {
            result(p.id, Wire.S_CANCELLED, -1, 0, null);
            return;
        }
        long t0 = System.nanoTime();
        Slot s = slot;
        if (s != null) {
            s.start(p.id, t0);
            // a CANCEL written before the parent read the slot is already in the channel: honour it
            long c = s.cancels();
            if (c != cancelsSeen) {
                cancelsSeen = c;
                while (conn.poll()) handle(conn.recvBytes());
                if (cancelled.remove(p.id)) {
                    s.done(p.id);
                    result(p.id, Wire.S_CANCELLED, -1, 0, null);
                    return;
                }
            }
        }
        Object value;
        byte status;
        int index = -1;
        byte[] payload;
        try {
            Object fn = function(p.fnId);
            Object arg = p.argLen < 0 ? null : codec.decode(p.frame, p.argOff, p.argLen);
            if ((p.flags & (Columns.INTS | Columns.LONGS | Columns.DOUBLES)) != 0) arg = Columns.asList(arg);
            TaskRunner.ItemClock clock = (p.flags & Wire.F_TIMED) != 0 && s != null ? i -> s.item(System.nanoTime()) : null;
            value = TaskRunner.run(p.kind, fn, arg, clock, true);
            status = Wire.S_OK;
        } catch (TaskRunner.Failure f) {
            value = f.error;
            index = f.index;
            status = Wire.S_ERROR;
        } catch (Throwable t) { // decoding the function or the argument
            value = t;
            status = Wire.S_ERROR;
        }
        long e0 = System.nanoTime(); // the run ends, encoding starts
        long ran = e0 - t0;
        if (status == Wire.S_OK) {
            try {
                payload = value == null ? null : codec.encode(value); // a chunk's results come in their wire form
            } catch (Throwable e) {
                status = Wire.S_UNENCODABLE;
                payload = ("cannot encode the result: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
            }
        } else {
            Throwable t = (Throwable) value;
            payload = encodeError(t, null);
            if (payload == null) {
                status = Wire.S_UNENCODABLE;
                payload = describe(t).getBytes(StandardCharsets.UTF_8);
            }
        }
        if (s != null) s.done(p.id);
        if (insights) {
            workNanos += ran;
            sendNanos += System.nanoTime() - e0;
        }
        result(p.id, status, index, ran, payload);
    }

    private Object function(int id) throws Exception {
        Object f = fns.get(id);
        if (f instanceof FnBytes b) {
            f = codec.decode(b.frame, b.off, b.len);
            fns.replace(id, f);
        }
        if (f == null) throw new IllegalStateException("worker does not know function #" + id);
        return f;
    }

    /** The exception encoded, or null if it cannot be. */
    private byte[] encodeError(Throwable t, byte[] fallback) {
        try {
            return codec.encode(t);
        } catch (Throwable e) {
            return fallback;
        }
    }

    static String describe(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String trace = w.toString();
        if (trace.length() > 16384) trace = trace.substring(0, 16384) + "...";
        return "cannot encode the exception " + t.getClass().getName() + ": " + t.getMessage() + "\n" + trace;
    }

    /** A RESULTS frame's type, count and insights. */
    private static final int RESULTS_OVERHEAD = 1 + 4 + 24;
    /** One result's id, status, index, run time and payload length. */
    private static final int RESULT_BYTES = 8 + 1 + 4 + 8 + 4;

    private void result(long id, byte status, int index, long ran, byte[] payload) throws IOException {
        int limit = conn.maxMessageSize();
        long entry = RESULT_BYTES + (payload == null ? 0 : payload.length);
        if (RESULTS_OVERHEAD + entry > limit) {
            // as a result that cannot be encoded: this task fails, the worker goes on
            payload = ("the " + (status == Wire.S_OK ? "result" : "exception") + " encodes to " + payload.length
                    + " bytes, more than the channel to the pool carries (" + limit
                    + " bytes, Context.Builder.maxMessageSize)").getBytes(StandardCharsets.UTF_8);
            status = Wire.S_UNENCODABLE;
            entry = RESULT_BYTES + payload.length;
        }
        if (outCount > 0 && (long) out.size() + entry + RESULTS_OVERHEAD > limit) flush();
        if (outCount == 0) {
            out.reset();
            out.b(Wire.RESULTS).i(0);
            // age counts from the start of the task: a result that took long to make is sent at once
            firstUnflushed = System.nanoTime() - ran;
        }
        out.l(id).b(status).i(index).l(ran).block(payload);
        outCount++;
    }

    private void flush() throws IOException {
        if (outCount == 0) return;
        out.setInt(1, outCount);
        outCount = 0;
        if (insights) {
            long s0 = System.nanoTime();
            out.l(waitNanos).l(workNanos).l(sendNanos); // as of this frame: its own write is in the next one
            conn.sendBytes(out.array(), 0, out.size());
            sendNanos += System.nanoTime() - s0;
        } else {
            conn.sendBytes(out.array(), 0, out.size());
        }
        if (out.array().length > 1 << 20) {
            // do not keep a huge buffer after a huge result
            out.buf = new byte[4096];
        }
        out.reset();
    }
}
