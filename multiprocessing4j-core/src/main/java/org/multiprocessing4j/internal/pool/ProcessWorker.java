package org.multiprocessing4j.internal.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker speaking the pool protocol over a connection: a worker JVM, or an in-process thread in tests. Frames are
 * queued under the core lock (so batches keep their order) and written by whichever thread flushes first; a reader
 * thread per worker decodes result batches and completes futures directly.
 */
final class ProcessWorker extends Worker {
    private final Launch.Launcher launcher;
    private volatile Launch.Launched w;
    private final Object outLock = new Object();
    private ArrayList<byte[]> outbox = new ArrayList<>();
    private int outboxBytes;
    private boolean writing;
    private long enqueuedSeq;
    private long writtenSeq;
    private volatile boolean parking;

    ProcessWorker(PoolCore core, int index, Launch.Launcher launcher) {
        super(core, index);
        this.launcher = launcher;
    }

    @Override
    void start() throws Exception {
        Launch.Launched l = WorkerCache.take(launcher.cacheKey());
        if (l != null) {
            reused = true; // read by the reader thread (started below) and under the core lock
        } else {
            l = launcher.launch(index);
        }
        pid = l.host().pid();
        String n = l.host().name();
        name = n != null ? n : toString();
        w = l;
        Wire.Out init = new Wire.Out(256).b(Wire.INIT);
        init.block(core.initializerBytes).i(core.maxTasksPerChild)
                .block(l.slot().path().toString().getBytes(StandardCharsets.UTF_8))
                .b(core.insightsOn() ? Wire.INIT_INSIGHTS : 0).l(core.resultBatchNanos);
        try {
            l.conn().sendBytes(init.array(), 0, init.size());
        } catch (IOException e) {
            // the channel ended at once (the worker died, or its host was lost): the reader reports that end as any
            // other, with how the worker ended, instead of a bare write error
        }
        Thread r = Thread.ofPlatform().daemon().name("mp4j-pool-reader-" + index).unstarted(this::read);
        reader = r;
        r.start();
        OWNER.put(l, this);
        if (l.host() instanceof Host.Jvm j && WATCHED.add(l)) {
            // once per worker JVM, whichever pools it serves: the exit reaches its current owner
            final Launch.Launched watched = l;
            Runnable exited = () -> Thread.ofVirtual().start(() -> {
                ProcessWorker owner = OWNER.get(watched);
                if (owner != null) owner.afterExit(watched);
                WATCHED.remove(watched);
                OWNER.remove(watched);
            });
            ProcessHandle.of(j.pid()).ifPresentOrElse(ph -> ph.onExit().thenRun(exited), exited);
        }
    }

    private static final java.util.Set<Launch.Launched> WATCHED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.Map<Launch.Launched, ProcessWorker> OWNER = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The worker JVM has ended. Its channel normally ends with it, but a JVM killed before it connected back leaves
     * the reader waiting for it forever: once nothing more is readable, close the channel so that the reader
     * reports the end.
     */
    private void afterExit(Launch.Launched l) {
        Launch.awaitDrained(l.conn());
        if (w == l && !parkedOrDead()) l.conn().close();
    }

    private boolean parkedOrDead() {
        core.lock.lock();
        try {
            return dead;
        } finally {
            core.lock.unlock();
        }
    }

    /** The thread reading the channel; a new one after {@link #handOffReader()}. */
    private volatile Thread reader;

    /**
     * On the reader, about to wait for a pool result inside a callback: a new thread reads from now on, and this one
     * ends when the callback returns (see {@link ReaderHandOff}).
     */
    void handOffReader() {
        if (reader != Thread.currentThread()) return;
        PoolCore.Batch rest = PoolCore.deliveringNow();
        Thread r = Thread.ofPlatform().daemon().name("mp4j-pool-reader-" + index).unstarted(() -> read(rest));
        reader = r;
        r.start();
    }

    private void read() {
        read(null);
    }

    /** Reads the channel until it ends; first delivers {@code rest} of a predecessor's frame, if any. */
    private void read(PoolCore.Batch rest) {
        core.markOwnThread();
        ReaderHandOff.reading(this);
        Launch.Launched l = w;
        try {
            if (rest != null) core.deliverHandedOver(rest);
            while (true) {
                if (reader != Thread.currentThread()) return; // handed off while in a callback
                byte[] f = l.conn().recvBytes();
                switch (f[0]) {
                    case Wire.RESULTS -> core.onResults(this, parse(f, this));
                    case Wire.READY -> core.onReady(this);
                    case Wire.INIT_FAILED -> {
                        Wire.In in = new Wire.In(f);
                        in.b();
                        byte[] e = in.block();
                        Throwable t;
                        try {
                            t = (Throwable) core.codec.decode(e, 0, e.length);
                        } catch (Exception ex) {
                            t = ex;
                        }
                        core.onInitFailed(this, t);
                    }
                    case Wire.PARKED -> {
                        // into the cache before the pool counts it as ended, so that whoever joins the pool
                        // (and then empties the cache) finds it there
                        if (!WorkerCache.offer(launcher.cacheKey(), l)) WorkerCache.discard(l);
                        WorkerCache.arrived(this);
                        core.onParked(this);
                        return;
                    }
                    default -> throw new IOException("unknown pool message type " + f[0]);
                }
            }
        } catch (Throwable e) {
            if (reader != Thread.currentThread()) {
                // handed off: the channel is the new reader's, which reports its end
                e.printStackTrace();
                return;
            }
            if (detached) {
                WorkerCache.arrived(this);
                WorkerCache.discard(l);
            } else {
                core.onChannelClosed(this, e);
            }
        }
    }

    private volatile boolean detached;

    boolean started() {
        return w != null;
    }

    /**
     * The pool has ended while this worker was starting: let it finish starting and park in the worker cache
     * (its PARK request is queued behind its INIT); {@link WorkerCache#clear()} ends it if it is still on the way.
     */
    void detachToCache() {
        detached = true;
        WorkerCache.inTransit(this);
        stop(true);
    }

    private static PoolCore.Res[] parse(byte[] f, ProcessWorker w) {
        Wire.In in = new Wire.In(f);
        in.b();
        int n = in.i();
        PoolCore.Res[] out = new PoolCore.Res[n];
        for (int k = 0; k < n; k++) {
            long id = in.l();
            byte status = in.b();
            int index = in.i();
            long ran = in.l();
            int off = in.blockOffset();
            out[k] = new PoolCore.Res(id, status, index, ran, null, f, off, in.lastLength);
        }
        if (in.more()) { // insights
            w.waitingNanos = in.l();
            w.workingNanos = in.l();
            w.sendingNanos = in.l();
        }
        return out;
    }

    @Override
    void enqueue(List<Task> batch) {
        // one frame, or several where together they would exceed the channel's limit (each task fits alone: the
        // pool refused the others when they were submitted)
        int from = 0;
        while (from < batch.size()) {
            long size = Wire.TASKS_HEADER;
            int to = from;
            while (to < batch.size()) {
                long next = size + Wire.taskBytes(batch.get(to));
                if (to > from && next > core.maxMessageSize) break;
                size = next;
                to++;
            }
            queue(frame(batch.subList(from, to), (int) Math.min(size, Integer.MAX_VALUE - 16)));
            from = to;
        }
    }

    private byte[] frame(List<Task> tasks, int size) {
        Wire.Out o = new Wire.Out(size);
        o.b(Wire.TASKS).i(tasks.size());
        for (Task t : tasks) {
            int before = o.size();
            Task.Fn fn = t.fn;
            o.l(t.id).b(t.kind).b((t.timeoutNanos > 0 ? Wire.F_TIMED : 0) | t.form).i(fn.id);
            if (needsFn(fn.id)) o.block(fn.bytes);
            else o.i(Wire.FN_KNOWN);
            o.block(t.argBytes);
            t.wireBytes = o.size() - before;
            unconsumedBytes += t.wireBytes;
        }
        return o.size() == o.array().length ? o.array() : java.util.Arrays.copyOf(o.array(), o.size());
    }

    @Override
    void enqueueCancel(Task t) {
        queue(new Wire.Out(16).b(Wire.CANCEL).l(t.id).array());
    }

    private long queue(byte[] frame) {
        synchronized (outLock) {
            outbox.add(frame);
            outboxBytes += frame.length;
            return ++enqueuedSeq;
        }
    }

    /** Sequence number of the last frame queued. */
    long lastQueued() {
        synchronized (outLock) {
            return enqueuedSeq;
        }
    }

    /** {@return whether the frames queued up to {@code seq} are written} */
    boolean written(long seq) {
        synchronized (outLock) {
            return writtenSeq >= seq;
        }
    }

    /** Waits (bounded) until the frame with this sequence number has been written. */
    boolean awaitWritten(long seq, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (outLock) {
            while (writtenSeq < seq) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                outLock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    @Override
    void flush() {
        synchronized (outLock) {
            if (writing || outbox.isEmpty()) return;
            writing = true;
            if (outboxBytes > 64 * 1024) {
                // more than a socket buffer: the write may wait for a busy worker to read. Neither a reader (it
                // must keep delivering results) nor a submitter (it goes on encoding chunks) waits for that.
                Thread.ofPlatform().daemon().name("mp4j-pool-writer-" + index).start(this::writeLoop);
                return;
            }
        }
        writeLoop();
    }

    private void writeLoop() {
        Launch.Launched l = w;
        while (true) {
            ArrayList<byte[]> frames;
            long seq;
            synchronized (outLock) {
                if (outbox.isEmpty()) {
                    writing = false;
                    return;
                }
                frames = outbox;
                outbox = new ArrayList<>();
                outboxBytes = 0;
                seq = enqueuedSeq;
            }
            boolean cancels = false;
            try {
                for (byte[] f : frames) {
                    l.conn().sendBytes(f);
                    cancels |= f[0] == Wire.CANCEL;
                }
            } catch (IOException e) {
                // the worker is gone: its reader sees the end of the channel and reports the death
            }
            // only now that the request is in the channel may the worker be told to look (see WorkerLoop.runOne)
            if (cancels) l.slot().cancelWritten();
            synchronized (outLock) {
                writtenSeq = seq;
                outLock.notifyAll();
            }
        }
    }

    @Override
    long runningId() {
        Launch.Launched l = w;
        return l == null ? 0 : l.slot().id();
    }

    @Override
    long runningSince() {
        Launch.Launched l = w;
        return l == null ? 0 : l.slot().since();
    }

    @Override
    boolean reusable() {
        return launcher.cacheKey() != null;
    }

    @Override
    void stop(boolean park) {
        parking = park;
        queue(new byte[] {park ? Wire.PARK : Wire.STOP});
        flush();
    }

    @Override
    void kill() {
        Launch.Launched l = w;
        if (l != null) l.host().kill();
    }

    void terminate() {
        Launch.Launched l = w;
        if (l != null) l.host().terminate();
    }

    @Override
    Death reap() {
        Launch.Launched l = w;
        if (l == null) return new Death(Integer.MIN_VALUE, -1, null, null, 0);
        return Launch.reap(l);
    }

    /** Known once started; kept after the host is released. */
    private volatile long pid = -1;
    private volatile String name;

    @Override
    long pid() {
        return pid;
    }

    @Override
    String name() {
        String n = name;
        return n != null ? n : toString();
    }

    boolean isParking() {
        return parking;
    }
}
