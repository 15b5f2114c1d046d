package org.multiprocessing4j.internal.queues;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;

import org.multiprocessing4j.internal.shm.Pids;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Futex;
import org.multiprocessing4j.internal.sync.LockCore;
import org.multiprocessing4j.internal.sync.Words;

import static org.multiprocessing4j.internal.sync.Words.INT;
import static org.multiprocessing4j.internal.sync.Words.LONG;

/**
 * A multi-producer, multi-consumer byte ring in one shared segment: the core of every shared queue.
 *
 * <p><b>Records.</b> Each item is a record {@code [int length][payload][pad to 4]}; head and tail are byte positions
 * that only grow (offset = position mod capacity), always multiples of 4, so a length word never straddles the end.
 *
 * <p><b>Two locks</b> (as {@code LinkedBlockingQueue}): producers serialize on the put lock and own {@code tail};
 * consumers on the take lock and own {@code head}. Between one producer and one consumer the ring is then a
 * single-producer single-consumer ring, and each side caches the other side's position in its own cache line, so
 * in the steady state a put and a get touch a shared line once each. Both locks are {@link LockCore}s: a holder that
 * dies is detected and the lock taken over.
 *
 * <p><b>Records that fit</b> ({@code size <= capacity}) are published at once (the tail moves past the whole
 * record), so a consumer never sees half of one. <b>Larger records</b> stream through in chunks: the producer keeps
 * the put lock and publishes as space frees, the consumer keeps the take lock and copies as bytes arrive. If a
 * process dies halfway through such a record the stream cannot be resynchronized; the ring is then marked broken
 * and every later operation says so.
 *
 * <p><b>Sleeping.</b> A consumer with nothing to read spins briefly, then registers in {@code consumersWaiting} and
 * futex-sleeps on the low word of {@code tail}; a producer publishes the tail and wakes if anyone registered. The
 * register-then-recheck versus publish-then-check pair is a Dekker handshake on sequentially consistent accesses, and
 * the futex re-checks the word in the kernel, so no wake-up is lost. Producers wait for space the same way on
 * {@code head}. Every sleep is at most {@link Futex#SLICE_NANOS}, to notice interruption, deadlines and dead peers.
 */
public final class Ring {
    // Producer-owned line.
    private static final long PUT_LOCK = 0, CACHED_HEAD = 32, CACHED_TAKES = 40, PUT_STREAMING = 48;
    // Published by producers.
    private static final long TAIL = 64, PUTS = 72;
    // Consumer-owned line.
    private static final long TAKE_LOCK = 128, CACHED_TAIL = 160, CACHED_PUTS = 168, TAKE_STREAMING = 176;
    // Published by consumers.
    private static final long HEAD = 192, TAKES = 200;
    private static final long CONSUMERS_WAITING = 256, PRODUCERS_WAITING = 320;
    // Joinable queues: unfinished tasks and its sleepers.
    private static final long UNFINISHED = 384, JOIN_WAITERS = 388;
    // Constants, written once by the creator.
    private static final long CAPACITY = 448, MAXSIZE = 456, BROKEN = 460, MAGIC = 464;
    private static final long DATA = 512;
    private static final int MAGIC_VALUE = 0x6d70_3471; // "mp4q"

    /** Spin before sleeping: a futex wake-up costs tens of microseconds between CPUs here. */
    private static final long SPIN_NANOS = Long.getLong("multiprocessing4j.queueSpinNanos", 30_000L);

    /** Returned by the put methods. */
    public static final int OK = 0, FULL = 1, TIMED_OUT = 2;

    private final Segment segment;
    private final MemorySegment mem;
    private final long capacity;
    private final int maxsize;
    private final LockCore putLock;
    private final LockCore takeLock;

    private Ring(Segment segment) {
        this.segment = segment;
        this.mem = segment.memory();
        this.capacity = (long) LONG.getVolatile(mem, CAPACITY);
        this.maxsize = (int) INT.getVolatile(mem, MAXSIZE);
        this.putLock = new LockCore(segment, PUT_LOCK);
        this.takeLock = new LockCore(segment, TAKE_LOCK);
    }

    /**
     * A new ring of {@code capacity} bytes (rounded up to a multiple of 4096) holding at most {@code maxsize} items
     * ({@code <= 0}: unbounded in items).
     */
    public static Ring create(long capacity, int maxsize) {
        if (capacity < 64) throw new IllegalArgumentException("ring capacity must be at least 64 bytes: " + capacity);
        long cap = (capacity + 4095) & ~4095L;
        Segment s = Segment.managed(DATA + cap);
        MemorySegment m = s.memory();
        LONG.setVolatile(m, CAPACITY, cap);
        INT.setVolatile(m, MAXSIZE, maxsize <= 0 ? Integer.MAX_VALUE : maxsize);
        INT.setVolatile(m, MAGIC, MAGIC_VALUE);
        return new Ring(s);
    }

    /** Attaches to the ring of another process (see {@code Segment.attachManaged}). */
    public static Ring attach(Segment segment) {
        if (segment.size() < DATA + 64 || (int) INT.getVolatile(segment.memory(), MAGIC) != MAGIC_VALUE) {
            throw new IllegalArgumentException("shared memory " + segment.name() + " is not a queue");
        }
        return new Ring(segment);
    }

    public Segment segment() {
        return segment;
    }

    public long capacity() {
        return capacity;
    }

    /** Items at most, or {@link Integer#MAX_VALUE}. */
    public int maxsize() {
        return maxsize;
    }

    /** Items in the ring now (approximate while others put and take). */
    public int size() {
        long takes = (long) LONG.getVolatile(mem, TAKES);
        long puts = (long) LONG.getVolatile(mem, PUTS);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, puts - takes));
    }

    /** Items ever taken (wraps), to tell whether consumers make progress. */
    public int takesSeen() {
        return (int) (long) LONG.getVolatile(mem, TAKES);
    }

    // ---------------------------------------------------------------- put

    /**
     * Appends one record holding {@code data}, waiting up to {@code nanos} (negative: no limit; 0: not at all) for the
     * lock, for room under maxsize and for bytes. Returns {@link #OK}, {@link #FULL} ({@code nanos == 0} and no room)
     * or {@link #TIMED_OUT}.
     */
    public int put(byte[] data, long nanos) throws InterruptedException {
        checkBroken();
        long deadline = Words.deadline(nanos);
        if (!lock(putLock, nanos, PUT_STREAMING)) return nanos == 0 ? FULL : TIMED_OUT;
        try {
            long record = recordSize(data.length);
            long tail = (long) LONG.get(mem, TAIL);
            if (!awaitItemRoom(deadline, nanos == 0)) return nanos == 0 ? FULL : TIMED_OUT;
            if (record <= capacity) {
                if (!awaitBytes(tail, record, deadline, nanos == 0)) return nanos == 0 ? FULL : TIMED_OUT;
                INT.set(mem, DATA + offset(tail), data.length);
                copyIn(data, 0, tail + 4, data.length);
                publishPut(tail + record);
            } else {
                streamIn(data, tail, record);
            }
            return OK;
        } finally {
            putLock.release();
        }
    }

    private void streamIn(byte[] data, long tail, long record) throws InterruptedException {
        // An oversized record: the consumer takes it piece by piece; nothing here can time out halfway.
        INT.setVolatile(mem, PUT_STREAMING, 1);
        long written = 0;
        while (written < record) {
            if (!awaitBytes(tail, 4, Long.MAX_VALUE, false)) throw new IllegalStateException("unreachable");
            long free = capacity - (tail - (long) LONG.get(mem, CACHED_HEAD));
            long n = Math.min(free, record - written);
            if (written == 0) INT.set(mem, DATA + offset(tail), data.length);
            long from = Math.max(written, 4), to = Math.min(written + n, 4L + data.length); // payload in this chunk
            if (to > from) copyIn(data, (int) (from - 4), tail + (from - written), (int) (to - from));
            written += n;
            tail += n;
            if (written < record) {
                LONG.setVolatile(mem, TAIL, tail);
                wakeConsumers(tail);
            }
        }
        LONG.set(mem, PUTS, (long) LONG.get(mem, PUTS) + 1);
        INT.setVolatile(mem, PUT_STREAMING, 0);
        LONG.setVolatile(mem, TAIL, tail);
        wakeConsumers(tail);
    }

    private void publishPut(long newTail) {
        LONG.set(mem, PUTS, (long) LONG.get(mem, PUTS) + 1);
        LONG.setVolatile(mem, TAIL, newTail); // volatile: the store-load half of the handshake with sleepers
        wakeConsumers(newTail);
    }

    private void wakeConsumers(long tail) {
        if ((int) INT.getVolatile(mem, CONSUMERS_WAITING) > 0) {
            Futex.wake(mem.address() + TAIL, Integer.MAX_VALUE);
            Reference.reachabilityFence(segment);
        }
    }

    /** Waits (holding the put lock) until fewer than maxsize items are in the ring. */
    private boolean awaitItemRoom(long deadline, boolean noWait) throws InterruptedException {
        if (maxsize == Integer.MAX_VALUE) return true;
        long puts = (long) LONG.get(mem, PUTS);
        if (puts - (long) LONG.get(mem, CACHED_TAKES) < maxsize) return true;
        return awaitProducerCondition(deadline, noWait, () -> {
            long takes = (long) LONG.getVolatile(mem, TAKES);
            LONG.set(mem, CACHED_TAKES, takes);
            return puts - takes < maxsize;
        });
    }

    /** Waits (holding the put lock) until {@code need} bytes are free after {@code tail}. */
    private boolean awaitBytes(long tail, long need, long deadline, boolean noWait) throws InterruptedException {
        if (capacity - (tail - (long) LONG.get(mem, CACHED_HEAD)) >= need) return true;
        return awaitProducerCondition(deadline, noWait, () -> {
            long head = (long) LONG.getVolatile(mem, HEAD);
            LONG.set(mem, CACHED_HEAD, head);
            return capacity - (tail - head) >= need;
        });
    }

    private interface Check {
        boolean ok();
    }

    private boolean awaitProducerCondition(long deadline, boolean noWait, Check check) throws InterruptedException {
        if (check.ok()) return true;
        if (noWait) return false;
        return await(deadline, check, HEAD, PRODUCERS_WAITING, takeLock);
    }

    // ---------------------------------------------------------------- take

    /**
     * Removes the oldest record, waiting up to {@code nanos} (negative: no limit; 0: not at all). Returns null if
     * there was none in time.
     */
    public byte[] take(long nanos) throws InterruptedException {
        checkBroken();
        long deadline = Words.deadline(nanos);
        if (!lock(takeLock, nanos, TAKE_STREAMING)) return null;
        try {
            long head = (long) LONG.get(mem, HEAD);
            if (!awaitData(head, deadline, nanos == 0)) return null;
            int len = (int) INT.get(mem, DATA + offset(head));
            long record = recordSize(len);
            byte[] out = new byte[len];
            if (record <= capacity) {
                copyOut(head + 4, out, 0, len);
                publishTake(head + record);
            } else {
                streamOut(out, head, record);
            }
            return out;
        } finally {
            takeLock.release();
        }
    }

    /** Reads the oldest record without removing it; null if none. Only for records that fit in the ring. */
    public byte[] peek() throws InterruptedException {
        checkBroken();
        if (!lock(takeLock, 0, TAKE_STREAMING)) return null;
        try {
            long head = (long) LONG.get(mem, HEAD);
            if ((long) LONG.getVolatile(mem, TAIL) == head) return null;
            int len = (int) INT.get(mem, DATA + offset(head));
            if (recordSize(len) > capacity) {
                throw new UnsupportedOperationException("peek at an item larger than the queue's ring ("
                        + capacity + " bytes)");
            }
            byte[] out = new byte[len];
            copyOut(head + 4, out, 0, len);
            return out;
        } finally {
            takeLock.release();
        }
    }

    private void streamOut(byte[] out, long head, long record) throws InterruptedException {
        INT.setVolatile(mem, TAKE_STREAMING, 1);
        long read = 0;
        while (read < record) {
            if (!awaitData(head, Long.MAX_VALUE, false)) throw new IllegalStateException("unreachable");
            long avail = (long) LONG.get(mem, CACHED_TAIL) - head;
            long n = Math.min(avail, record - read);
            long from = Math.max(read, 4), to = Math.min(read + n, 4L + out.length); // payload in this chunk
            if (to > from) copyOut(head + (from - read), out, (int) (from - 4), (int) (to - from));
            read += n;
            head += n;
            if (read < record) {
                LONG.setVolatile(mem, HEAD, head);
                wakeProducers();
            }
        }
        LONG.set(mem, TAKES, (long) LONG.get(mem, TAKES) + 1);
        INT.setVolatile(mem, TAKE_STREAMING, 0);
        LONG.setVolatile(mem, HEAD, head);
        wakeProducers();
    }

    private void publishTake(long newHead) {
        LONG.set(mem, TAKES, (long) LONG.get(mem, TAKES) + 1);
        LONG.setVolatile(mem, HEAD, newHead);
        wakeProducers();
    }

    private void wakeProducers() {
        if ((int) INT.getVolatile(mem, PRODUCERS_WAITING) > 0) {
            Futex.wake(mem.address() + HEAD, Integer.MAX_VALUE);
            Reference.reachabilityFence(segment);
        }
    }

    /** Waits (holding the take lock) until there are bytes after {@code head}; they are then in CACHED_TAIL. */
    private boolean awaitData(long head, long deadline, boolean noWait) throws InterruptedException {
        if ((long) LONG.get(mem, CACHED_TAIL) != head) return true;
        Check c = () -> {
            long tail = (long) LONG.getVolatile(mem, TAIL);
            LONG.set(mem, CACHED_TAIL, tail);
            return tail != head;
        };
        if (c.ok()) return true;
        if (noWait) return false;
        return await(deadline, c, TAIL, CONSUMERS_WAITING, putLock);
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Spins, then sleeps on the low word of the position at {@code word} until {@code check} passes or the deadline.
     * While sleeping mid-record, a dead holder of {@code peerLock} that was streaming means the ring is broken.
     */
    private boolean await(long deadline, Check check, long word, long waitingCounter, LockCore peerLock)
            throws InterruptedException {
        long spinEnd = System.nanoTime() + SPIN_NANOS;
        while (System.nanoTime() - spinEnd < 0) {
            Thread.onSpinWait();
            if (check.ok()) return true;
            if (Words.remaining(deadline) <= 0) return false;
        }
        INT.getAndAdd(mem, waitingCounter, 1);
        try {
            while (true) {
                int seen = (int) INT.getVolatile(mem, word);
                if (check.ok()) return true;
                if (Thread.interrupted()) throw new InterruptedException();
                long remaining = Words.remaining(deadline);
                if (remaining <= 0) return false;
                Futex.await(mem.address() + word, seen, remaining);
                Reference.reachabilityFence(segment);
                checkPeer(peerLock);
            }
        } finally {
            INT.getAndAdd(mem, waitingCounter, -1);
        }
    }

    /** A peer that died while streaming an oversized record leaves the ring unusable. */
    private void checkPeer(LockCore peerLock) {
        long streamingFlag = peerLock == putLock ? PUT_STREAMING : TAKE_STREAMING;
        if ((int) INT.getVolatile(mem, streamingFlag) != 0) {
            int owner = peerLock.ownerPid();
            if (owner != 0 && !Pids.isAlive(owner)) {
                markBroken();
            }
        }
        checkBroken();
    }

    /** Takes a side's lock; true when held. A dead previous holder that was mid-record breaks the ring. */
    private boolean lock(LockCore lock, long nanos, long streamingFlag) throws InterruptedException {
        int r = lock.acquire(nanos, true);
        if (r == LockCore.TIMED_OUT) return false;
        if (r == LockCore.OWNER_DIED && (int) INT.getVolatile(mem, streamingFlag) != 0) {
            markBroken();
            lock.release();
            checkBroken();
        }
        return true;
    }

    private void markBroken() {
        INT.setVolatile(mem, BROKEN, 1);
        Futex.wake(mem.address() + TAIL, Integer.MAX_VALUE);
        Futex.wake(mem.address() + HEAD, Integer.MAX_VALUE);
        Reference.reachabilityFence(segment);
    }

    private void checkBroken() {
        if ((int) INT.getVolatile(mem, BROKEN) != 0) {
            throw new IllegalStateException("the queue is broken: a process died while moving an item larger than "
                    + "the queue's ring (" + capacity + " bytes) through it");
        }
    }

    /** True when a take would find a record now (never waits, takes no lock). */
    public boolean hasData() {
        return (long) LONG.getVolatile(mem, TAIL) != (long) LONG.getVolatile(mem, HEAD);
    }

    // ---------------------------------------------------------------- joinable

    /** Counts one more unfinished task (before the item is published, so a task_done cannot overtake it). */
    public void addUnfinished() {
        INT.getAndAdd(mem, UNFINISHED, 1);
    }

    /** Undoes {@link #addUnfinished()} for a put that failed. */
    public void removeUnfinished() {
        taskDone();
    }

    /** One task done; false (and nothing changed) if none was unfinished. */
    public boolean taskDone() {
        while (true) {
            int u = (int) INT.getVolatile(mem, UNFINISHED);
            if (u <= 0) return false;
            if (INT.compareAndSet(mem, UNFINISHED, u, u - 1)) {
                if (u == 1 && (int) INT.getVolatile(mem, JOIN_WAITERS) > 0) {
                    Futex.wake(mem.address() + UNFINISHED, Integer.MAX_VALUE);
                    Reference.reachabilityFence(segment);
                }
                return true;
            }
        }
    }

    public int unfinished() {
        return (int) INT.getVolatile(mem, UNFINISHED);
    }

    /** Waits until no task is unfinished; false on timeout. */
    public boolean awaitAllDone(long nanos) throws InterruptedException {
        if (unfinished() == 0) return true;
        long deadline = Words.deadline(nanos);
        INT.getAndAdd(mem, JOIN_WAITERS, 1);
        try {
            while (true) {
                int u = unfinished();
                if (u == 0) return true;
                if (Thread.interrupted()) throw new InterruptedException();
                long remaining = Words.remaining(deadline);
                if (remaining <= 0) return false;
                Futex.await(mem.address() + UNFINISHED, u, remaining);
                Reference.reachabilityFence(segment);
            }
        } finally {
            INT.getAndAdd(mem, JOIN_WAITERS, -1);
        }
    }

    // ---------------------------------------------------------------- bytes

    private long offset(long position) {
        return position % capacity;
    }

    private static long recordSize(int len) {
        return (4L + len + 3) & ~3L;
    }

    private void copyIn(byte[] src, int from, long position, int len) {
        long off = offset(position);
        int first = (int) Math.min(len, capacity - off);
        MemorySegment.copy(src, from, mem, ValueLayout.JAVA_BYTE, DATA + off, first);
        if (first < len) MemorySegment.copy(src, from + first, mem, ValueLayout.JAVA_BYTE, DATA, len - first);
    }

    private void copyOut(long position, byte[] dst, int to, int len) {
        long off = offset(position);
        int first = (int) Math.min(len, capacity - off);
        MemorySegment.copy(mem, ValueLayout.JAVA_BYTE, DATA + off, dst, to, first);
        if (first < len) MemorySegment.copy(mem, ValueLayout.JAVA_BYTE, DATA, dst, to + first, len - first);
    }
}
