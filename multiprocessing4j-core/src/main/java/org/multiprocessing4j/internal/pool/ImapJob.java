package org.multiprocessing4j.internal.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.internal.progress.ProgressTracker;
import org.multiprocessing4j.pool.ResultIterator;

/**
 * A lazy map: a feeder (virtual) thread reads the input and submits chunks while fewer than {@code lookahead}
 * chunks are submitted but not yet consumed; the consumer takes chunk results in order (imap, executor map) or as
 * they complete (imapUnordered). Counts items for its progress tracker, if any, as chunks end (not as they are
 * consumed).
 */
public final class ImapJob<R> implements ResultIterator<R>, Task.Sink {
    private record Failed(Throwable error) {}

    private final PoolCore core;
    private final Task.Fn fn;
    private final boolean star;
    private final int chunksize;
    private final boolean ordered;
    private final long deadline; // System.nanoTime() deadline, 0 = none
    private final long timeoutNanos;
    private final int lookahead;
    /** Chunks submitted and not yet taken by the consumer; guarded by {@link #lock}. */
    private int outstanding;
    private final Condition room;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final HashMap<Integer, Object> byIndex = new HashMap<>();
    private final ArrayDeque<Object> inArrival = new ArrayDeque<>();
    private final HashMap<Integer, Task> live = new HashMap<>();
    private int total = -1;
    private int next;
    private int submitted;
    private Iterator<?> current;
    private volatile boolean closed;
    private Thread feeder;
    private ProgressTracker progress;

    public ImapJob(PoolCore core, Task.Fn fn, boolean star, int chunksize, boolean ordered, long deadline,
                   long taskTimeoutNanos, int lookahead) {
        if (chunksize < 1) throw new IllegalArgumentException("chunksize must be at least 1");
        this.core = core;
        this.fn = fn;
        this.star = star;
        this.chunksize = chunksize;
        this.ordered = ordered;
        this.deadline = deadline;
        this.timeoutNanos = taskTimeoutNanos;
        this.lookahead = lookahead;
        this.room = lock.newCondition();
    }

    /** Reports progress to {@code p}; call before {@link #start}. */
    public ImapJob<R> progress(ProgressTracker p) {
        this.progress = p;
        return this;
    }

    /** Starts feeding from {@code source}; the source is read on the feeder thread only. */
    public ImapJob<R> start(Iterator<?> source) {
        core.jobStarted(this);
        feeder = Thread.ofVirtual().name("mp4j-imap-feeder").start(() -> feed(source));
        return this;
    }

    /**
     * The next chunk of the input (shorter at its end). A method of its own: the item loop is the hot one, and
     * compiled on its own it is small (inside {@link #feed}, every compilation of that loop took all of feed with it,
     * 160-190 ms of C2 time each, measured, while the pool competes for the same CPUs).
     */
    @SuppressWarnings("unchecked")
    private List<Object> nextChunk(Iterator<?> source) {
        if (!star && !core.threads) {
            // for worker JVMs: numbers go straight into the column they travel in, each item read once
            Columns.Collector chunk = new Columns.Collector(Math.min(chunksize, 1024), true);
            while (chunk.size() < chunksize && source.hasNext()) chunk.add(source.next());
            return (List<Object>) chunk.list();
        }
        ArrayList<Object> chunk = new ArrayList<>(Math.min(chunksize, 1024));
        while (chunk.size() < chunksize && source.hasNext()) {
            Object o = source.next();
            if (star && o instanceof java.util.Map.Entry<?, ?> e) o = new Object[] {e.getKey(), e.getValue()};
            chunk.add(o);
        }
        return chunk;
    }

    /**
     * Reads the input and submits chunks, up to {@code lookahead} ahead of the consumer. When it has to wait, it
     * waits until half the lookahead is free and then submits that many chunks at once (one dispatch, and the
     * consumer does not wake it for every item).
     */
    private void feed(Iterator<?> source) {
        int ci = 0;
        long item = 0;
        Object failure = null;
        boolean end = false;
        try {
            while (!closed && !end) {
                int free;
                lock.lock();
                try {
                    if (outstanding >= lookahead) {
                        while (!closed && outstanding > lookahead / 2) room.await();
                    }
                    free = lookahead - outstanding;
                } finally {
                    lock.unlock();
                }
                List<Task> batch = new ArrayList<>(Math.min(free, 256));
                try {
                    for (int k = 0; k < free && !closed; k++) {
                        List<Object> chunk = nextChunk(source);
                        if (chunk.isEmpty()) {
                            end = true;
                            break;
                        }
                        int size = chunk.size();
                        Task t = core.chunk(star, fn, chunk, ci, item, timeoutNanos, this);
                        batch.add(t);
                        ci++;
                        item += size;
                        if (size < chunksize) {
                            end = true;
                            break;
                        }
                        if (batch.size() >= 256) {
                            submit(batch);
                            batch = new ArrayList<>(256);
                        }
                    }
                } finally {
                    submit(batch); // also when the input or an encoding failed: the chunks before it still run
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable e) {
            failure = new Failed(e);
        } finally {
            lock.lock();
            try {
                if (failure != null && !closed) {
                    put(ci, failure);
                    total = ci + 1;
                } else {
                    total = submitted;
                }
                if (progress != null && failure == null) progress.total(item);
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
            core.jobFed(this);
        }
    }

    private void submit(List<Task> batch) {
        if (batch.isEmpty()) return;
        lock.lock();
        try {
            if (closed) return;
            for (Task t : batch) live.put(t.chunkIndex, t);
            submitted = batch.getLast().chunkIndex + 1;
            outstanding += batch.size();
        } finally {
            lock.unlock();
        }
        core.submit(batch, true);
    }

    private void put(int ci, Object v) {
        if (ordered) byIndex.put(ci, v);
        else inArrival.add(v);
    }

    private void arrive(Task t, Object v) {
        ProgressTracker p = progress;
        if (p != null && !closed) p.advance(t.items, v instanceof Failed);
        lock.lock();
        try {
            live.remove(t.chunkIndex);
            if (closed) return;
            put(t.chunkIndex, v);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void complete(Task t, Object value) {
        arrive(t, value);
    }

    @Override
    public void fail(Task t, Throwable error) {
        arrive(t, new Failed(error));
    }

    @Override
    public void cancelled(Task t) {
        arrive(t, new Failed(new CancellationException("the pool was terminated")));
    }

    @Override
    public boolean hasNext() {
        while (true) {
            Iterator<?> c = current;
            if (c != null && c.hasNext()) return true;
            current = null;
            Object v;
            lock.lock();
            try {
                while (true) {
                    if (closed) return false;
                    if (total >= 0 && next >= total) {
                        v = null;
                        break;
                    }
                    v = ordered ? byIndex.remove(next) : inArrival.poll();
                    if (v != null) {
                        next++;
                        outstanding--;
                        if (outstanding == lookahead / 2) room.signal();
                        break;
                    }
                    ReaderHandOff.beforeBlocking(); // in a callback on a worker's reader: see there
                    if (deadline == 0) {
                        arrived.await();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            lock.unlock();
                            try {
                                close();
                            } finally {
                                lock.lock();
                            }
                            throw new CompletionException(new TimeoutException("the results were not ready within the map's timeout"));
                        }
                        arrived.awaitNanos(left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            } finally {
                lock.unlock();
            }
            if (v == null) {
                finished();
                return false;
            }
            if (v instanceof Failed f) {
                close();
                throw Errors.rethrow(f.error);
            }
            current = ((List<?>) v).iterator();
        }
    }

    private void finished() {
        core.jobEnded(this);
        endProgress();
    }

    /** The iteration is over: the last progress snapshot is reported before the consumer goes on. */
    private void endProgress() {
        ProgressTracker p = progress;
        if (p != null) p.finishAndWait();
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        if (!hasNext()) throw new NoSuchElementException();
        return (R) current.next();
    }

    /** Stops feeding and cancels what has not started. */
    @Override
    public void close() {
        List<Task> ts;
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            room.signalAll();
            ts = new ArrayList<>(live.values());
            live.clear();
            byIndex.clear();
            inArrival.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        Thread f = feeder;
        if (f != null) f.interrupt();
        for (Task t : ts) core.cancel(t, false);
        finished();
    }

    /**
     * The pool ended: wake the consumer with {@code why} (a cancellation when the pool was terminated, the pool's
     * {@code BrokenProcessPoolException} when it broke).
     */
    void abort(Throwable why) {
        lock.lock();
        try {
            if (closed) return;
            put(next, new Failed(why)); // ordered, the consumer waits for chunk `next`: it finds the end there
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        Thread f = feeder;
        if (f != null) f.interrupt();
        if (progress != null) progress.finish();
    }
}
