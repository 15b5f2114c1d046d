package org.multiprocessing4j.internal.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.codec.DecodingException;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.pool.BrokenProcessPoolException;
import org.multiprocessing4j.pool.MaybeEncodingException;
import org.multiprocessing4j.pool.TaskTimeoutException;
import org.multiprocessing4j.pool.WorkerDiedException;

/**
 * The dispatcher shared by every pool and executor, over worker JVMs, in-process protocol workers (tests) or
 * threads (the thread twin).
 *
 * <p>Tasks wait in {@link #pending} until a ready worker has room: each worker holds a window of tasks in flight,
 * sized from the measured task duration (many tiny tasks per frame, one or two long ones), and at most 4 MiB of
 * unanswered arguments (beyond the first task); frames larger than a socket buffer are written by a writer thread,
 * so neither a reader nor a submitter waits for a busy worker. Results
 * come back in order per worker; a reader thread per worker completes them directly.
 *
 * <p>Failure handling: when a worker's channel ends, the worker is reaped (bounded: wait, SIGTERM, SIGKILL); the
 * tasks it had started (known from its {@link Slot}) fail with {@link WorkerDiedException} (or
 * {@link TaskTimeoutException}/cancellation when the pool killed it on purpose), the tasks it had not started go
 * back to the front of the queue, and a new worker replaces it.
 */
public final class PoolCore {
    static final int RUNNING = 0, CLOSED = 1, STOPPING = 2, TERMINATED = 3;
    /** Bytes of arguments sent to a worker and not answered yet, beyond its first task: bounds buffered memory. */
    private static final long MAX_UNCONSUMED = 4 << 20;
    private static final ClassValue<Boolean> STATELESS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (var f : k.getDeclaredFields()) {
                    if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) return false;
                }
            }
            return true;
        }
    };

    final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    final Codec codec;
    final boolean threads;
    private final Launch.Launcher launcher;
    private final int maxWorkers;
    private final boolean onDemand;
    private final boolean reuseWorkers;
    final SerializableRunnable initializer;
    final byte[] initializerBytes;
    final int maxTasksPerChild;
    private final String name;

    private final ArrayDeque<Task> pending = new ArrayDeque<>();
    private int pendingLive;
    private final List<Worker> workers = new ArrayList<>();
    private int state = RUNNING;
    /**
     * Sections that settled tasks under the lock and complete their futures after it (guarded by the lock): a join
     * that returned before they ended would leave a terminated pool with futures not yet done. A join waits for the
     * sections of other threads only: a callback or dependent that joins from inside one must not wait for itself.
     */
    private int settling;
    /** The sections the current thread is in (see {@link #settling}). */
    private final ThreadLocal<int[]> mySettling = ThreadLocal.withInitial(() -> new int[1]);
    /**
     * Set on the pool's own threads that must return before it can end (worker readers, thread workers, the
     * timer); callbacks and dependents often run on them, and a join there would wait for itself.
     */
    private final ThreadLocal<Boolean> ownThread = new ThreadLocal<>();
    private BrokenProcessPoolException broken;
    private long nextId;
    private int nextWorker;
    private int rotate;
    private int feeding;
    private volatile double avgRunNanos = -1;
    /** Sum of the run times workers reported (see {@link Steal}); guarded by the lock. */
    private double ranTotal;
    /** A look for tasks to take back is scheduled. */
    private volatile boolean stealCheck;
    private final ConcurrentHashMap<Class<?>, Task.Fn> fnByClass = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger fnIds = new java.util.concurrent.atomic.AtomicInteger();
    private final Set<ImapJob<?>> jobs = ConcurrentHashMap.newKeySet();
    private volatile ScheduledThreadPoolExecutor timer;

    final PoolEvents events;
    final long resultBatchNanos;
    /** The largest message the workers' channels carry; tasks that do not fit are refused when submitted. */
    final int maxMessageSize;
    /** What an INIT message holds besides the initializer (the slot's path, counts, flags), generously. */
    private static final int INIT_OVERHEAD = 4096;

    /**
     * How workers are made, whether the pool keeps insights, how long a worker JVM may hold a result to send it
     * with the next ones ({@link WorkerLoop}), and the largest message its channels carry.
     */
    public record Config(String name, int maxWorkers, boolean onDemand, SerializableRunnable initializer,
                         int maxTasksPerChild, Codec codec, Launch.Launcher launcher, boolean reuseWorkers,
                         boolean insights, long resultBatchNanos, int maxMessageSize) {}

    /** The default of {@link Config#resultBatchNanos()}: 50 us. */
    public static final long RESULT_BATCH_NANOS = 50_000;

    public PoolCore(Config c) throws EncodingException {
        if (c.maxWorkers() < 1) throw new IllegalArgumentException("the number of workers must be at least 1");
        if (c.maxTasksPerChild() < 0) throw new IllegalArgumentException("maxTasksPerChild must be >= 0");
        this.name = c.name();
        this.maxWorkers = c.maxWorkers();
        this.onDemand = c.onDemand();
        this.initializer = c.initializer();
        this.maxTasksPerChild = c.maxTasksPerChild();
        this.codec = c.codec();
        this.launcher = c.launcher();
        this.threads = c.launcher() == null;
        this.reuseWorkers = c.reuseWorkers() && initializer == null && maxTasksPerChild == 0;
        this.initializerBytes = threads || initializer == null ? null : codec.encode(initializer);
        this.maxMessageSize = c.maxMessageSize();
        if (initializerBytes != null && initializerBytes.length + INIT_OVERHEAD > maxMessageSize) {
            throw new EncodingException("the initializer encodes to " + initializerBytes.length + " bytes, more than "
                    + "fits in a message to the workers (at most " + maxMessageSize
                    + " bytes, Context.Builder.maxMessageSize)", null);
        }
        this.events = new PoolEvents(c.name(), c.insights());
        this.resultBatchNanos = c.resultBatchNanos();
        if (!onDemand) {
            List<Worker> ws = new ArrayList<>();
            lock.lock();
            try {
                for (int i = 0; i < maxWorkers; i++) ws.add(newWorker());
            } finally {
                lock.unlock();
            }
            for (Worker w : ws) startWorker(w);
        }
    }

    public int maxWorkers() {
        return maxWorkers;
    }

    public boolean isThreads() {
        return threads;
    }

    // ------------------------------------------------------------------ building tasks (caller's thread)

    /** The function as shipped: stateless ones are encoded once per pool, others once per use. */
    public Task.Fn fn(Object function) throws EncodingException {
        java.util.Objects.requireNonNull(function, "function");
        if (STATELESS.get(function.getClass())) {
            Task.Fn f = fnByClass.get(function.getClass());
            if (f != null) return f;
            f = newFn(function);
            Task.Fn prev = fnByClass.putIfAbsent(function.getClass(), f);
            return prev != null ? prev : f;
        }
        return newFn(function);
    }

    private Task.Fn newFn(Object function) throws EncodingException {
        Task.Fn f = new Task.Fn(fnIds.incrementAndGet(), function);
        if (!threads) {
            try {
                f.bytes = codec.encode(function);
            } catch (EncodingException e) {
                checkAccepting(); // a closed pool rejects the task, encodable or not
                throw new EncodingException("cannot send the task's function to a worker: " + e.getMessage(), e);
            }
        }
        return f;
    }

    /** A call task; its argument is encoded here, in the caller (a failure throws, nothing is submitted). */
    public Task call(byte kind, Task.Fn fn, Object arg, long timeoutNanos, Task.Sink sink) throws EncodingException {
        Task t = new Task(newId(), kind, fn, arg, timeoutNanos, sink, -1, -1, 1);
        if (!threads && kind == Wire.K_FN) {
            try {
                t.argBytes = codec.encode(arg);
            } catch (EncodingException e) {
                checkAccepting();
                throw new EncodingException("cannot send the argument of " + t.describe(-1) + ": " + e.getMessage(), e);
            }
        }
        if (!threads) checkFits(t); // a callable's state travels in its function
        return t;
    }

    /** Refuses a task whose message, its function included, would exceed what the workers' channels carry. */
    private void checkFits(Task t) throws EncodingException {
        long size = Wire.TASKS_HEADER + Wire.taskBytes(t);
        if (size <= maxMessageSize) return;
        checkAccepting();
        throw new EncodingException("cannot send " + t.describe(-1) + " to a worker: its message would be " + size
                + " bytes (argument " + (t.argBytes == null ? 0 : t.argBytes.length) + ", function "
                + (t.fn.bytes == null ? 0 : t.fn.bytes.length) + "), more than the workers' channels carry ("
                + maxMessageSize + " bytes, Context.Builder.maxMessageSize)" + (t.isChunk() ? "; use a smaller chunksize" : ""),
                null);
    }

    /** A chunk task over {@code items}, which the task owns from now on. */
    public Task chunk(boolean star, Task.Fn fn, List<Object> items, int chunkIndex, long itemBase,
                      long timeoutNanos, Task.Sink sink) throws EncodingException {
        Task t = new Task(newId(), star ? Wire.K_STARCHUNK : Wire.K_CHUNK, fn, items, timeoutNanos, sink, chunkIndex, itemBase,
                items.size());
        if (!threads) {
            try {
                Object wire = star ? Columns.plain(items) : Columns.wire(items);
                t.form = Columns.formOf(wire);
                t.argBytes = codec.encode(wire);
            } catch (EncodingException e) {
                int bad = -1;
                for (int i = 0; i < items.size() && bad < 0; i++) {
                    try {
                        codec.encode(items.get(i));
                    } catch (EncodingException x) {
                        bad = i;
                    }
                }
                throw new EncodingException("cannot send " + (bad >= 0 ? t.describe(bad) : t.describe(-1))
                        + " to a worker: " + e.getMessage(), e);
            }
            checkFits(t);
        }
        return t;
    }

    private synchronized long newId() {
        return ++nextId;
    }

    // ------------------------------------------------------------------ submission and dispatch

    /**
     * Queues tasks and dispatches.
     *
     * @param fromJob true for chunks fed by a running imap, which may continue after {@code shutdown}
     * @throws RejectedExecutionException if the pool no longer accepts tasks ({@link BrokenProcessPoolException}
     *         when it is broken)
     */
    public void submit(List<Task> tasks, boolean fromJob) {
        events.submitted(tasks);
        Worker spawn = null;
        lock.lock();
        try {
            requireAccepting(fromJob);
            for (Task t : tasks) {
                pending.add(t);
                pendingLive++;
            }
            if (onDemand) spawn = maybeSpawnOnDemand();
        } finally {
            lock.unlock();
        }
        if (spawn != null) {
            // on its own thread: the submitter may be interrupted meanwhile (an imap feeder being closed), which
            // would close the new worker's channels under it and break the pool
            startWorkerAsync(spawn);
        }
        dispatch(SUBMIT_DEPTH);
    }

    /**
     * A submitting thread only tops workers up to this many tasks in flight; beyond that, tasks wait in the queue
     * and the worker's reader sends them, many per frame, when results come back (the worker is busy anyway).
     * One write per batch instead of one per task.
     */
    private static final int SUBMIT_DEPTH = 2;

    public void submit(Task t) {
        submit(List.of(t), false);
    }

    /** Under the lock: a new worker when tasks wait, none is idle or starting, and there is room. */
    private Worker maybeSpawnOnDemand() {
        if (workers.size() >= maxWorkers || state >= STOPPING) return null;
        int idle = 0;
        for (Worker w : workers) {
            if (!w.dead && !w.leaving && (!w.ready || w.inflight.isEmpty())) idle++;
        }
        return pendingLive > idle ? newWorker() : null;
    }

    /**
     * Tasks in flight per worker: enough to cover {@link #WINDOW_NANOS} of average work, so that a worker does not
     * idle while the parent (on a loaded machine, maybe not running) answers; a task that turns out long has what
     * queued behind it taken back ({@link Steal}).
     */
    private int window() {
        double avg = avgRunNanos;
        if (avg < 0) return 2;
        if (avg < 50_000) return 256;
        return (int) Math.max(1, Math.min(256, Math.ceil(WINDOW_NANOS / avg)));
    }

    private static final double WINDOW_NANOS = 10_000_000;

    void dispatch() {
        dispatch(Integer.MAX_VALUE);
    }

    /** Sends pending tasks to workers with room (at most {@code depth} in flight each). Never blocks on a busy worker. */
    void dispatch(int depth) {
        dispatch(depth, false);
    }

    /** As {@link #dispatch(int)}; {@code closeLook}: a scheduled look at workers that may hold tasks (see {@link Steal}). */
    private void dispatch(int depth, boolean closeLook) {
        Worker[] toFlush = null;
        int nFlush = 0;
        Steal.Plan steal = null;
        lock.lock();
        try {
            if (state <= CLOSED && workers.size() > 1) steal = Steal.plan(workers, avgRunNanos, ranTotal, pendingLive == 0, closeLook);
            if (pendingLive == 0) {
                while (!pending.isEmpty() && pending.peekFirst().state != Task.PENDING) pending.pollFirst();
                return;
            }
            int n = workers.size();
            int readyCount = 0;
            for (Worker w : workers) if (w.ready && !w.leaving && !w.dead && !w.stuck) readyCount++;
            if (readyCount == 0) return;
            int window = Math.min(window(), depth);
            int start = rotate++;
            // idle workers first: a task queued behind a running one waits for it (or for a steal), while an idle
            // worker would have started it at once
            int mark = start + 1; // this dispatch's: distinct for 2^32 dispatches
            for (int k = 0; k < 2 * n && pendingLive > 0; k++) {
                Worker w = workers.get(Math.floorMod(start + k, n));
                if (w.dispatchMark == mark || !w.ready || w.leaving || w.dead || w.stuck) continue;
                if (k < n && !w.inflight.isEmpty()) continue; // first round: the idle ones
                w.dispatchMark = mark;
                if (w.inflight.isEmpty()) w.headMark = ranTotal;
                int cap = window - w.inflight.size();
                // a fair share of what waits: a worker whose results come back first must not take everything
                cap = Math.min(cap, Math.max(1, (pendingLive + readyCount - 1) / readyCount));
                if (maxTasksPerChild > 0) cap = Math.min(cap, maxTasksPerChild - w.sentTasks);
                if (cap <= 0) continue;
                ArrayList<Task> batch = null;
                long bytes = w.unconsumedBytes;
                while (pendingLive > 0 && (batch == null || batch.size() < cap)) {
                    Task t = pending.peekFirst();
                    if (t.state != Task.PENDING) {
                        pending.pollFirst();
                        continue;
                    }
                    long tb = t.argBytes == null ? 0 : t.argBytes.length;
                    if ((batch != null || !w.inflight.isEmpty()) && bytes + tb > MAX_UNCONSUMED) break;
                    pending.pollFirst();
                    pendingLive--;
                    t.state = Task.SENT;
                    t.worker = w;
                    t.seq = w.nextSeq++;
                    w.inflight.add(t);
                    w.sentTasks++;
                    bytes += tb;
                    if (batch == null) batch = new ArrayList<>(Math.min(cap, 64));
                    batch.add(t);
                    if (t.timeoutNanos > 0) scheduleTimeout(t, t.timeoutNanos);
                }
                if (batch != null) {
                    events.dispatched(w, batch);
                    w.enqueue(batch);
                    if (maxTasksPerChild > 0 && w.sentTasks >= maxTasksPerChild) w.leaving = true;
                    if (toFlush == null) toFlush = new Worker[n];
                    toFlush[nFlush++] = w;
                }
            }
        } finally {
            lock.unlock();
            if (steal != null) steal(steal);
        }
        for (int i = 0; i < nFlush; i++) toFlush[i].flush();
    }

    /** Takes back the planned tasks the victim has not started and dispatches them again (see {@link Steal}). */
    private void steal(Steal.Plan plan) {
        Worker v = plan.victim();
        if (v == null) {
            // nothing to take yet, but maybe soon: look again then (once; a dispatch meanwhile looks anyway)
            if (!stealCheck) {
                stealCheck = true;
                schedule(() -> {
                    stealCheck = false;
                    dispatch(Integer.MAX_VALUE, true);
                }, plan.recheckNanos());
            }
            return;
        }
        if (v instanceof ThreadWorker tw) {
            takeBack(plan, tw.unqueue(plan.tasks()), true, 0);
            return;
        }
        ProcessWorker pw = (ProcessWorker) v;
        long seq;
        lock.lock();
        try {
            for (Task t : plan.tasks()) pw.enqueueCancel(t);
            seq = pw.lastQueued();
        } finally {
            lock.unlock();
        }
        pw.flush();
        if (pw.written(seq)) {
            takeBack(plan, null, true, pw.runningId());
        } else {
            // a large frame is still being written to this worker, which may not read while it runs a long task:
            // wait for the requests on a thread of their own, never on this dispatching one
            Thread.ofVirtual().name("mp4j-pool-steal").start(() -> {
                boolean asked;
                try {
                    asked = pw.awaitWritten(seq, 1_000_000_000L);
                } catch (InterruptedException e) {
                    asked = false;
                }
                // read only after the requests are in the channel and the cancel counter is bumped
                takeBack(plan, null, asked, asked ? pw.runningId() : 0);
            });
        }
    }

    /**
     * Requeues what the plan's victim gave back: {@code given} by a thread worker, else (a worker JVM) the planned
     * tasks it had not started when {@code asked} (the requests are in its channel) and {@code running} was read.
     */
    private void takeBack(Steal.Plan plan, List<Task> given, boolean asked, long running) {
        Worker v = plan.victim();
        int moved = 0;
        lock.lock();
        try {
            List<Task> back;
            if (given != null) {
                for (Task t : plan.tasks()) t.stealing = false;
                back = new ArrayList<>(given.size());
                for (Task t : given) {
                    if (t.state == Task.SENT && t.worker == v && v.inflight.remove(t)) back.add(t);
                }
            } else {
                // not asked in time: the requests still arrive, and a task the worker then skips comes back here
                back = asked ? Steal.revoked(plan, running) : List.of();
            }
            for (int k = back.size() - 1; k >= 0; k--) requeue(back.get(k));
            moved = back.size();
            v.robbing = false;
            if (v.inflight.isEmpty()) v.stuck = false; // nothing left to wait for: it may take tasks again
        } finally {
            lock.unlock();
        }
        if (moved > 0) {
            events.tookBack(v, moved);
            dispatch();
        }
    }

    /** Under the lock: a task taken back from its worker goes to the front of the queue. */
    private void requeue(Task t) {
        t.worker.unconsumedBytes -= t.wireBytes;
        t.stealing = false;
        t.state = Task.PENDING;
        t.worker = null;
        t.id = newId(); // the worker skips the old id wherever it meets it; results under it are ignored
        pending.addFirst(t);
        pendingLive++;
    }

    // ------------------------------------------------------------------ events from workers

    void onReady(Worker w) {
        lock.lock();
        try {
            w.ready = true;
            w.everReady = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        events.ready(w);
        dispatch();
        checkQuiescent();
    }

    void onInitFailed(Worker w, Throwable t) {
        breakPool(new BrokenProcessPoolException("the initializer failed in " + w + ": " + t, t));
    }

    /** One result of a batch: decoded value (threads) or a range of the frame (processes). */
    record Res(long id, byte status, int index, long ran, Object value, byte[] frame, int off, int len) {}

    void onResults(Worker w, Res[] rs) {
        Task[] ts = new Task[rs.length];
        lock.lock();
        try {
            double avg = avgRunNanos;
            for (int i = 0; i < rs.length; i++) {
                Res r = rs[i];
                Task t = w.inflight.peekFirst();
                if (t == null || t.id != r.id) {
                    t = null;
                    for (var it = w.inflight.iterator(); it.hasNext(); ) {
                        Task c = it.next();
                        if (c.id == r.id) {
                            t = c;
                            it.remove();
                            break;
                        }
                    }
                    if (t == null) {
                        if (w.revokedSeq != null) w.revokedSeq.remove(r.id); // a revoked task, skipped
                        continue;
                    }
                } else {
                    w.inflight.pollFirst();
                }
                if (r.status == Wire.S_CANCELLED && t.stealing && t.state == Task.SENT) {
                    requeue(t); // asked back too late to move, and skipped there: runs elsewhere
                    continue;
                }
                w.unconsumedBytes -= t.wireBytes;
                if (r.status != Wire.S_CANCELLED) {
                    // one outlier (a 140 MB file among small ones) must not shrink every window to one task: a sample
                    // counts at most 4 averages; a real shift to longer tasks still shows within a few results
                    avg = avg < 0 ? r.ran : avg * 0.9 + Math.min(r.ran, 4 * avg + 1000) * 0.1;
                    ranTotal += r.ran;
                }
                w.answered++;
                if (t.state == Task.SENT) {
                    t.state = Task.DONE;
                    ts[i] = t;
                }
            }
            avgRunNanos = avg;
            w.stuck = false; // it answered: its oldest task is a new one
            w.headMark = ranTotal;
            settling();
        } finally {
            lock.unlock();
        }
        try {
            dispatch();
            events.answered(w, ts, rs);
            deliver(new Batch(ts, rs));
        } finally {
            checkQuiescent(true); // ends the section under the lock it takes anyway
        }
    }

    /**
     * The results of one frame, delivered in order by whoever claims the next one: a reader that hands its channel
     * to a new thread inside a callback hands it the rest of the frame too, since the callback may wait for one of
     * them ({@link ReaderHandOff}).
     */
    static final class Batch {
        private final Task[] ts;
        private final Res[] rs;
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        Batch(Task[] ts, Res[] rs) {
            this.ts = ts;
            this.rs = rs;
        }
    }

    private static final ThreadLocal<Batch> DELIVERING = new ThreadLocal<>();

    private void deliver(Batch b) {
        Batch outer = DELIVERING.get();
        DELIVERING.set(b);
        try {
            for (int i; (i = b.next.getAndIncrement()) < b.ts.length; ) {
                if (b.ts[i] != null) deliver(b.ts[i], b.rs[i]);
            }
        } finally {
            DELIVERING.set(outer);
        }
    }

    /** {@return the undelivered rest of the frame the calling thread delivers, or null} Its claims stay valid. */
    static Batch deliveringNow() {
        Batch b = DELIVERING.get();
        return b == null || b.next.get() >= b.ts.length ? null : b;
    }

    /** On a reader that took over the channel: delivers what its predecessor had not claimed of {@code rest}. */
    void deliverHandedOver(Batch rest) {
        lock.lock();
        try {
            settling(); // as the predecessor's section, which may end first
        } finally {
            lock.unlock();
        }
        try {
            deliver(rest);
        } finally {
            checkQuiescent(true);
        }
    }

    private void deliver(Task t, Res r) {
        try {
            switch (r.status) {
                case Wire.S_OK -> {
                    Object v = r.frame == null ? r.value : r.len < 0 ? null : codec.decode(r.frame, r.off, r.len);
                    if (r.frame != null && t.isChunk()) v = Columns.asList(v);
                    t.sink.complete(t, v);
                }
                case Wire.S_ERROR -> {
                    Throwable e = r.frame == null ? (Throwable) r.value : (Throwable) codec.decode(r.frame, r.off, r.len);
                    if (!threads) e = Errors.attachRemote(e, "in worker " + t.worker.index + ", " + t.describe(r.index));
                    t.sink.fail(t, e);
                }
                case Wire.S_UNENCODABLE -> t.sink.fail(t, new MaybeEncodingException(t.describe(r.index) + ": "
                        + new String(r.frame, r.off, Math.max(0, r.len), java.nio.charset.StandardCharsets.UTF_8)));
                default -> t.sink.cancelled(t);
            }
        } catch (DecodingException e) {
            t.sink.fail(t, new DecodingException("cannot decode what the worker sent back for " + t.describe(r.index)
                    + ": " + e.getMessage(), e));
        } catch (RuntimeException | Error e) {
            t.sink.fail(t, e);
        } finally {
            t.arg = null;
            t.argBytes = null;
        }
    }

    /** Returns true if the parked worker may go to the cache. */
    boolean onParked(Worker w) {
        lock.lock();
        try {
            if (w.dead) return false;
            w.dead = true;
            workers.remove(w);
            events.ended(w, "parked for reuse", 0); // before a join can return
            maybeTerminated();
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** A worker's channel ended (or its thread ended): reap it, settle its tasks, replace it. */
    void onChannelClosed(Worker w, Throwable why) {
        lock.lock();
        try {
            if (w.dead) return;
        } finally {
            lock.unlock();
        }
        Worker.Death d = w.reap();
        List<Task> failed = new ArrayList<>();
        List<Worker> spawn = new ArrayList<>();
        boolean startupFailure;
        String cause;
        lock.lock();
        try {
            if (w.dead) return;
            w.dead = true;
            workers.remove(w);
            long sid = Math.abs(d.slotId());
            int pos = -1, i = 0;
            for (Task t : w.inflight) {
                if (t.id == sid) pos = i;
                i++;
            }
            List<Task> requeue = new ArrayList<>();
            Host.Loss loss = d.loss();
            i = 0;
            for (Task t : w.inflight) {
                if (t.state == Task.SENT) {
                    if (loss != null && t.killReason == Task.KR_NONE) {
                        // the host went away: any of its tasks may have run; retry or fail them all alike
                        if (t.losses < loss.retries()) {
                            t.losses++;
                            requeue.add(t);
                        } else {
                            t.state = Task.DONE;
                            failed.add(t);
                        }
                    } else if (i <= pos || t.killReason != Task.KR_NONE) {
                        t.state = Task.DONE;
                        failed.add(t);
                    } else {
                        requeue.add(t);
                    }
                }
                i++;
            }
            w.inflight.clear();
            for (int k = requeue.size() - 1; k >= 0; k--) {
                Task t = requeue.get(k);
                t.state = Task.PENDING;
                t.worker = null;
                pending.addFirst(t);
                pendingLive++;
            }
            boolean expected = w.leaving || state >= STOPPING || broken != null;
            startupFailure = !w.everReady && !w.reused && !expected && loss == null;
            cause = endCause(w, d, failed, expected);
            events.ended(w, cause, d.exitCode()); // before a join can return
            if (!startupFailure && broken == null && (state == RUNNING || (state == CLOSED && hasWork()))) {
                if (!onDemand) {
                    int live = 0;
                    for (Worker x : workers) if (!x.leaving) live++;
                    for (int k = live; k < maxWorkers; k++) spawn.add(newWorker());
                } else {
                    Worker s = maybeSpawnOnDemand();
                    if (s != null) spawn.add(s);
                }
            }
            maybeTerminated();
            changed.signalAll();
            settling();
        } finally {
            lock.unlock();
        }
        // replacements first, as an error callback or dependent settled here may wait for another task of this pool
        // that only a replacement can run (a pool of one worker); on their own threads, as a start may take long (a
        // cluster waits for a member) and must not hold back the failures
        for (Worker s : spawn) startWorkerAsync(s);
        try {
            settle(w, d, cause, failed);
        } finally {
            settled();
        }
        if (startupFailure) {
            breakPool(new BrokenProcessPoolException("a worker of the pool ended before it was ready: "
                    + describeDeath(w, d, null), null));
        }
        dispatch();
        checkQuiescent();
    }

    /** Completes the futures of the tasks a dead worker held. */
    private void settle(Worker w, Worker.Death d, String cause, List<Task> failed) {
        String died = "worker " + cause;
        for (Task t : failed) {
            if (t.killReason != Task.KR_CANCEL && t.killReason != Task.KR_TERMINATE) {
                events.failed(t, w, 0, t.killReason == Task.KR_TIMEOUT ? "task timeout" : died);
            }
            switch (t.killReason) {
                case Task.KR_TIMEOUT -> t.sink.fail(t, new TaskTimeoutException(t.describe(-1) + " ran longer than its timeout of "
                        + java.time.Duration.ofNanos(t.timeoutNanos) + (t.isChunk() ? " (per item)" : "")
                        + "; its worker was killed and replaced"));
                case Task.KR_CANCEL, Task.KR_TERMINATE -> t.sink.cancelled(t);
                default -> t.sink.fail(t, d.loss() != null ? d.loss().exception().apply(describeDeath(w, d, t), d)
                        : new WorkerDiedException(describeDeath(w, d, t), d.exitCode(), d.pid(), d.stderrTail(), d.hsErrFile()));
            }
            t.arg = null;
            t.argBytes = null;
        }
    }

    /** Under the lock: why a worker ended, for events, logs and insights. */
    private String endCause(Worker w, Worker.Death d, List<Task> failed, boolean expected) {
        byte kill = Task.KR_NONE;
        for (Task t : failed) if (t.killReason != Task.KR_NONE) kill = t.killReason;
        String exit = org.multiprocessing4j.internal.jfr.Causes.of(d.exitCode());
        if (kill == Task.KR_TIMEOUT) return "killed: a task ran past its timeout";
        if (kill == Task.KR_CANCEL) return "killed: its running task was cancelled";
        if (kill == Task.KR_TERMINATE) return "killed: the pool was terminated";
        if (maxTasksPerChild > 0 && w.sentTasks >= maxTasksPerChild && d.exitCode() == 0) {
            return "retired after maxTasksPerChild=" + maxTasksPerChild + " tasks";
        }
        if (expected) return d.exitCode() == 0 ? "stopped" : "stopped (" + exit + ")";
        return "died: " + exit;
    }

    private static String describeDeath(Worker w, Worker.Death d, Task t) {
        StringBuilder b = new StringBuilder();
        b.append(w).append(" (pid ").append(d.pid()).append(')');
        if (d.loss() != null && t != null) {
            b.append(" was lost while it held ").append(t.describe(-1)).append(": ").append(d.loss().reason());
            if (t.losses > 0) b.append(" (retried ").append(t.losses).append(t.losses == 1 ? " time" : " times").append(" after earlier losses)");
            return b.toString();
        }
        if (t != null) {
            boolean running = d.slotId() == t.id;
            b.append(running ? " died while running " : " died after running (before sending the result of) ")
                    .append(t.describe(-1));
        } else {
            b.append(" ended");
        }
        b.append(": ").append(WorkerDiedException.describeExit(d.exitCode(), d.stderrTail()));
        if (d.hsErrFile() != null) b.append("; JVM fatal error log: ").append(d.hsErrFile());
        if (d.stderrTail() != null && !d.stderrTail().isBlank()) {
            b.append("\nlast lines of its stderr:\n").append(d.stderrTail());
        }
        return b.toString();
    }

    private boolean hasWork() {
        if (pendingLive > 0 || feeding > 0) return true;
        for (Worker w : workers) if (!w.inflight.isEmpty()) return true;
        return false;
    }

    // ------------------------------------------------------------------ workers

    private Worker newWorker() {
        Worker w = threads ? new ThreadWorker(this, nextWorker++) : new ProcessWorker(this, nextWorker++, launcher);
        workers.add(w);
        return w;
    }

    private void startWorkerAsync(Worker w) {
        Thread.ofPlatform().daemon().name("mp4j-pool-start").start(() -> startWorker(w));
    }

    private void startWorker(Worker w) {
        events.launching(w);
        try {
            w.start();
        } catch (Throwable e) {
            lock.lock();
            try {
                w.dead = true;
                workers.remove(w);
                events.ended(w, "could not start: " + e, Integer.MIN_VALUE);
                maybeTerminated();
            } finally {
                lock.unlock();
            }
            breakPool(new BrokenProcessPoolException("cannot start a worker: " + e, e));
            return;
        }
        boolean kill;
        lock.lock();
        try {
            kill = state >= STOPPING; // stopped while it was starting: a kill then found nothing to kill
        } finally {
            lock.unlock();
        }
        if (kill) w.kill();
    }

    // ------------------------------------------------------------------ timeouts and cancellation

    private ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = timer;
        if (t == null) {
            synchronized (this) {
                if (timer == null) {
                    timer = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("mp4j-pool-timer").unstarted(() -> {
                        markOwnThread();
                        r.run();
                    }));
                    timer.setRemoveOnCancelPolicy(true);
                }
                t = timer;
            }
        }
        return t;
    }

    private void scheduleTimeout(Task t, long delayNanos) {
        schedule(() -> checkTimeout(t), delayNanos);
    }

    /**
     * Runs {@code r} later on the pool's timer (keep it short: it delays the task timeouts); nothing once the pool
     * has terminated (nothing is left to do). {@return its future, to cancel it (it is then dropped from the timer),
     * or null when the pool has terminated}
     */
    java.util.concurrent.ScheduledFuture<?> schedule(Runnable r, long delayNanos) {
        try {
            return timer().schedule(r, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // terminated: every worker has ended
        }
    }

    private void checkTimeout(Task t) {
        Worker kill = null;
        lock.lock();
        try {
            if (t.state != Task.SENT) return;
            Worker w = t.worker;
            if (w.runningId() == t.id) {
                long left = w.runningSince() + t.timeoutNanos - System.nanoTime();
                if (left <= 0) {
                    t.killReason = Task.KR_TIMEOUT;
                    kill = w;
                } else {
                    scheduleTimeout(t, left);
                }
            } else {
                scheduleTimeout(t, Math.min(t.timeoutNanos, 50_000_000L));
            }
        } finally {
            lock.unlock();
        }
        if (kill != null) kill.kill();
    }

    /**
     * Cancels a task: a pending one never runs; one sent to a worker is skipped there if it has not started; one
     * running is left to finish, or with {@code interrupt} its worker is killed and replaced.
     */
    public void cancel(Task t, boolean interrupt) {
        Worker w;
        long seq = 0;
        lock.lock();
        try {
            if (t.state == Task.PENDING) {
                t.state = Task.DONE;
                pendingLive--;
                return;
            }
            if (t.state != Task.SENT) return;
            w = t.worker;
            w.enqueueCancel(t);
            if (w instanceof ProcessWorker pw) seq = pw.lastQueued();
        } finally {
            lock.unlock();
        }
        w.flush();
        if (!interrupt) return; // the writer tells the worker once the request is written; it skips the task
        boolean written = true;
        try {
            // the slot tells whether the task runs only once the worker can see the request
            if (w instanceof ProcessWorker pw) written = pw.awaitWritten(seq, 1_000_000_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            written = false;
        }
        if (w.runningId() == t.id || !written) {
            lock.lock();
            try {
                if (t.state != Task.SENT) return;
                t.killReason = Task.KR_CANCEL;
            } finally {
                lock.unlock();
            }
            w.kill();
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Throws what {@link #submit} would throw now, if anything: checked before reporting a task that could not be
     * encoded, so that a closed or broken pool says so whatever the task (as {@code ExecutorService} requires).
     */
    public void checkAccepting() {
        lock.lock();
        try {
            requireAccepting(false);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: throws unless the pool accepts tasks ({@code fromJob}: a running imap's, also when closed). */
    private void requireAccepting(boolean fromJob) {
        if (broken != null) throw broken.copy();
        if (state != RUNNING && !(fromJob && state == CLOSED)) throw rejected();
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("the pool is " + (state == CLOSED ? "shut down" : "terminated")
                + " and accepts no new tasks: shutdown(), close() or terminate() was called on it (try-with-resources "
                + "calls close() at the end of its block). Submit tasks before that, or create a new pool.");
    }

    void jobStarted(ImapJob<?> j) {
        lock.lock();
        try {
            if (broken != null) throw broken.copy();
            if (state != RUNNING) throw rejected();
            feeding++;
            jobs.add(j);
        } finally {
            lock.unlock();
        }
    }

    void jobFed(ImapJob<?> j) {
        lock.lock();
        try {
            feeding--;
        } finally {
            lock.unlock();
        }
        checkQuiescent();
    }

    void jobEnded(ImapJob<?> j) {
        jobs.remove(j);
    }

    /** Python's {@code close()}: no new tasks; the workers end once the queued ones are done. */
    public void shutdown() {
        lock.lock();
        try {
            if (state == RUNNING) state = CLOSED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        checkQuiescent();
    }

    private void checkQuiescent() {
        checkQuiescent(false);
    }

    /** Stops the workers of a shut-down pool that has nothing left to do; {@code endSection}: {@link #settled()} too. */
    private void checkQuiescent(boolean endSection) {
        List<Worker> stop;
        boolean[] idle;
        boolean[] detach;
        lock.lock();
        try {
            if (endSection) endSettling();
            if (state != CLOSED || hasWork()) return;
            state = STOPPING;
            stop = new ArrayList<>(workers);
            idle = new boolean[stop.size()];
            detach = new boolean[stop.size()];
            for (int i = 0; i < stop.size(); i++) {
                Worker w = stop.get(i);
                w.leaving = true;
                idle[i] = w.everReady && w.inflight.isEmpty();
                // still starting: it goes on to the worker cache by itself (ready, then parked); the pool need not
                // wait for its start, nor waste it
                if (!w.everReady && reuseWorkers && w.reusable() && w instanceof ProcessWorker pw && pw.started()) {
                    detach[i] = true;
                    w.dead = true;
                    workers.remove(w);
                    events.ended(w, "parked for reuse (still starting)", 0);
                }
            }
            maybeTerminated();
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < stop.size(); i++) {
            if (detach[i]) ((ProcessWorker) stop.get(i)).detachToCache();
            else stopWorker(stop.get(i), idle[i]);
        }
    }

    private void stopWorker(Worker w, boolean idle) {
        boolean park = idle && reuseWorkers && w.reusable();
        if (!idle) {
            w.kill();
            return;
        }
        w.stop(park);
        schedule(() -> {
            if (!w.dead) w.kill();
        }, 3_000_000_000L);
    }

    /** Python's {@code terminate()}: outstanding tasks are cancelled, busy workers killed, idle ones stopped. */
    public void terminate() {
        List<Task> cancelled = new ArrayList<>();
        List<Worker> ws;
        boolean[] idle;
        lock.lock();
        try {
            if (state >= STOPPING && workers.isEmpty()) {
                maybeTerminated();
                return;
            }
            state = Math.max(state, STOPPING);
            for (Task t : pending) {
                if (t.state == Task.PENDING) {
                    t.state = Task.DONE;
                    cancelled.add(t);
                }
            }
            pending.clear();
            pendingLive = 0;
            ws = new ArrayList<>(workers);
            idle = new boolean[ws.size()];
            for (int i = 0; i < ws.size(); i++) {
                Worker w = ws.get(i);
                boolean wasLeaving = w.leaving;
                w.leaving = true;
                for (Task t : w.inflight) {
                    if (t.state == Task.SENT) {
                        t.state = Task.DONE;
                        t.killReason = Task.KR_TERMINATE;
                        cancelled.add(t);
                    }
                }
                idle[i] = w.everReady && w.inflight.isEmpty() && !wasLeaving;
            }
            maybeTerminated();
            changed.signalAll();
            settling();
        } finally {
            lock.unlock();
        }
        // the workers are told first: a dependent of a cancelled future that joins the pool, on this thread, then
        // waits for workers that are already ending
        try {
            for (int i = 0; i < ws.size(); i++) stopWorker(ws.get(i), idle[i]);
        } finally {
            try {
                for (ImapJob<?> j : jobs) j.abort(new java.util.concurrent.CancellationException("the pool was terminated"));
                for (Task t : cancelled) t.sink.cancelled(t);
            } finally {
                settled();
            }
        }
    }

    /** Marks the calling thread as one of the pool's own (see {@link #ownThread}). */
    void markOwnThread() {
        ownThread.set(Boolean.TRUE);
    }

    /** {@return whether the calling thread is one the pool needs to end (see {@link #ownThread})} */
    public boolean onOwnThread() {
        return ownThread.get() != null;
    }

    /** Under the lock: begins a section that completes settled tasks' futures after the lock (see {@link #settling}). */
    private void settling() {
        settling++;
        mySettling.get()[0]++;
    }

    /** Ends a section begun by {@link #settling()}. */
    private void settled() {
        lock.lock();
        try {
            endSettling();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: {@link #settled()}. */
    private void endSettling() {
        mySettling.get()[0]--;
        settling--;
        // not only at zero: a joiner inside its own section waits for the count to fall to its own
        changed.signalAll();
    }

    /** Fails everything outstanding with {@code cause} and kills the workers; the pool accepts nothing more. */
    void breakPool(BrokenProcessPoolException cause) {
        List<Task> failed = new ArrayList<>();
        List<Worker> ws;
        lock.lock();
        try {
            if (broken != null || state == TERMINATED) return;
            broken = cause;
            state = Math.max(state, STOPPING);
            for (Task t : pending) {
                if (t.state == Task.PENDING) {
                    t.state = Task.DONE;
                    failed.add(t);
                }
            }
            pending.clear();
            pendingLive = 0;
            ws = new ArrayList<>(workers);
            for (Worker w : ws) {
                w.leaving = true;
                for (Task t : w.inflight) {
                    if (t.state == Task.SENT) {
                        t.state = Task.DONE;
                        failed.add(t);
                    }
                }
            }
            maybeTerminated();
            changed.signalAll();
            settling();
        } finally {
            lock.unlock();
        }
        try {
            for (Worker w : ws) w.kill(); // first, as in terminate()
        } finally {
            try {
                for (Task t : failed) t.sink.fail(t, cause.copy());
                for (ImapJob<?> j : jobs) j.abort(cause.copy());
            } finally {
                settled();
            }
        }
    }

    private void maybeTerminated() {
        if (state >= STOPPING && workers.isEmpty() && state != TERMINATED) {
            state = TERMINATED;
            changed.signalAll();
            ScheduledThreadPoolExecutor t = timer;
            if (t != null) t.shutdownNow();
        }
    }

    /**
     * Waits until every worker has ended and the futures the pool settled are complete (but for those the calling
     * thread is completing itself); requires {@link #shutdown()} or {@link #terminate()} first.
     */
    public boolean join(long nanos) throws InterruptedException {
        if (onOwnThread()) {
            throw new IllegalStateException("cannot join the pool from one of its own threads (a callback, a dependent "
                    + "of its future, or a task of a thread pool): the pool cannot end before this thread returns; "
                    + "join from another thread, e.g. CompletableFuture.runAsync(pool::join)");
        }
        lock.lock();
        try {
            if (state == RUNNING) throw new IllegalStateException("the pool is still running: call shutdown() (Python's close) or terminate() first");
            long left = nanos;
            while (state != TERMINATED || settling > mySettling.get()[0]) {
                if (nanos < 0) changed.await();
                else {
                    if (left <= 0) return false;
                    left = changed.awaitNanos(left);
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean isShutdown() {
        lock.lock();
        try {
            return state != RUNNING;
        } finally {
            lock.unlock();
        }
    }

    public boolean isTerminated() {
        lock.lock();
        try {
            return state == TERMINATED && settling == mySettling.get()[0];
        } finally {
            lock.unlock();
        }
    }

    public BrokenProcessPoolException broken() {
        lock.lock();
        try {
            return broken;
        } finally {
            lock.unlock();
        }
    }

    /** Cancels the tasks that have not been sent to a worker; returns how many. */
    public int cancelPending() {
        List<Task> cancelled = new ArrayList<>();
        lock.lock();
        try {
            for (Task t : pending) {
                if (t.state == Task.PENDING) {
                    t.state = Task.DONE;
                    cancelled.add(t);
                }
            }
            pending.clear();
            pendingLive = 0;
            settling();
        } finally {
            lock.unlock();
        }
        try {
            for (Task t : cancelled) t.sink.cancelled(t);
        } finally {
            settled();
        }
        checkQuiescent();
        return cancelled.size();
    }

    /** {@return the pool's insights} @throws IllegalStateException if it was built without them */
    public org.multiprocessing4j.pool.PoolInsights insights() {
        return events.insights();
    }

    /** Whether workers measure their times for insights. */
    boolean insightsOn() {
        return events.insightsOn();
    }

    /** Live workers (tests and insight). */
    public int workerCount() {
        lock.lock();
        try {
            return workers.size();
        } finally {
            lock.unlock();
        }
    }

    /** Process ids of live worker JVMs (tests). */
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        lock.lock();
        try {
            for (Worker w : workers) if (w instanceof ProcessWorker pw && pw.pid() > 0) pids.add(pw.pid());
        } finally {
            lock.unlock();
        }
        return pids;
    }

    @Override
    public String toString() {
        return name;
    }
}
