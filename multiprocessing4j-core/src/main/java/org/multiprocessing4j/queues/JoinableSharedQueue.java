package org.multiprocessing4j.queues;

import java.io.Serial;
import java.time.Duration;

import org.multiprocessing4j.internal.jfr.QueueWaitEvent;
import org.multiprocessing4j.internal.jfr.QueueWaits;
import org.multiprocessing4j.internal.queues.Ring;
import org.multiprocessing4j.internal.queues.TaskCounter;

/**
 * A {@link SharedQueue} that counts unfinished tasks — Python's {@code multiprocessing.JoinableQueue}.
 *
 * <p>Every successful put adds one unfinished task; a consumer calls {@link #taskDone()} when it has finished with
 * an item it took; {@link #join()} waits until the count is zero. The count lives in the queue's shared memory, so
 * producers, consumers and joiners may be in different processes.
 *
 * <p><b>Timeouts and interruption:</b> {@link #join(Duration)} bounds the wait; both forms throw
 * {@link InterruptedException}, noticed within 50 ms. <b>Death of another process:</b> a consumer that dies between
 * taking an item and calling {@code taskDone()} leaves that task unfinished forever, as in Python; use the timed
 * {@code join} when consumers may die.
 *
 * <p><b>Memory consistency effects:</b> actions prior to {@code taskDone()} happen-before a {@code join()} that
 * returns because the count reached zero, in any process.
 *
 * @param <E> the type of elements
 */
public class JoinableSharedQueue<E> extends SharedQueue<E> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient TaskCounter tasks;

    /** An unbounded joinable queue. */
    public JoinableSharedQueue() {
        this(0);
    }

    /**
     * A joinable queue of at most {@code maxsize} items over a ring of {@link #DEFAULT_RING_BYTES}.
     *
     * @param maxsize the bound; zero or negative for an unbounded queue
     */
    public JoinableSharedQueue(int maxsize) {
        this(maxsize, DEFAULT_RING_BYTES);
    }

    /**
     * A joinable queue of at most {@code maxsize} items over a ring of {@code ringBytes} bytes (rounded up to a
     * power of two, at least 4096).
     *
     * @param maxsize the bound; zero or negative for an unbounded queue
     * @param ringBytes the size of the shared ring in bytes, from 64 to 1 GiB
     * @throws IllegalArgumentException if {@code ringBytes} is less than 64 or more than 1 GiB
     */
    public JoinableSharedQueue(int maxsize, long ringBytes) {
        this(Ring.create(ringBytes, maxsize));
    }

    JoinableSharedQueue(Ring ring) {
        super(ring);
        this.tasks = ring.tasks();
    }

    @Override
    void enqueued() {
        tasks.add();
    }

    @Override
    void unqueued() {
        tasks.done();
    }

    /**
     * Python's {@code task_done()}: one item taken earlier has been dealt with.
     *
     * @throws IllegalStateException if called more times than items were put (Python's {@code ValueError})
     */
    public void taskDone() {
        if (!tasks.done()) throw new IllegalStateException("taskDone() called more times than items were put");
    }

    /**
     * Python's {@code join()}: waits until every item put has been marked done with {@link #taskDone()}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void join() throws InterruptedException {
        awaitZeroRecorded(-1);
    }

    /**
     * Waits at most {@code timeout} for every item put to be marked done with {@link #taskDone()}.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return true if no task is unfinished, false if the timeout passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean join(Duration timeout) throws InterruptedException {
        return awaitZeroRecorded(Math.max(0, timeout.toNanos()));
    }

    /** Waits (negative: no limit); a wait is a JFR queue-wait event "join", as {@link Ring#takeRecorded}'s. */
    private boolean awaitZeroRecorded(long nanos) throws InterruptedException {
        QueueWaitEvent w = nanos != 0 ? QueueWaits.begin() : null;
        boolean timedOut = false;
        try {
            boolean done = tasks.awaitZero(nanos);
            timedOut = !done;
            return done;
        } finally {
            QueueWaits.end(w, ring.segment().name(), "join", timedOut);
        }
    }

    /** {@return the number of items put and not yet marked done, in all processes} */
    public int unfinishedTasks() {
        return tasks.unfinished();
    }

    @Override
    char kind() {
        return 'J';
    }
}
