package org.multiprocessing4j.internal.queues;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;

import org.multiprocessing4j.internal.codec.Bytes;
import org.multiprocessing4j.internal.jfr.QueueWaitEvent;
import org.multiprocessing4j.internal.jfr.QueueWaits;
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
 * <p><b>Records.</b> Each item is a record {@code [int length+1][payload][pad to 4]}; head and tail are byte
 * positions that only grow (offset = position mod capacity), always multiples of 4, so a header word never straddles
 * the end. Every byte of the ring that holds no unconsumed record is zero: a consumer zeroes a record before it
 * releases the space. So a non-zero header at {@code head} <em>is</em> the publication of a record, and a consumer's
 * fast path reads only the record's own cache lines, never a shared tail word (which would bounce between the CPUs
 * on every item).
 *
 * <p><b>Two locks</b> (as {@code LinkedBlockingQueue}): producers serialize on the put lock and own {@code tail};
 * consumers on the take lock and own {@code head}. Each side caches the other side's position in its own cache line.
 * Both locks are {@link LockCore}s: a holder that dies is detected and the lock taken over; a consumer that died
 * between taking a record and releasing its space is completed by the next one (the record counts as taken).
 *
 * <p><b>Records that fit</b> ({@code size <= capacity}) are published at once: payload first, then the header with
 * release semantics. <b>Larger records</b> stream through in chunks published through {@code tail}: the producer
 * keeps the put lock and publishes as space frees, the consumer keeps the take lock and copies as bytes arrive. If a
 * process dies halfway through such a record the stream cannot be resynchronized; the ring is then marked broken and
 * every later operation says so.
 *
 * <p><b>Sleeping.</b> A waiter (only a side's lock holder ever waits) spins briefly, then raises its side's wake-me
 * flag, re-checks, and futex-sleeps on a sequence word (consumers) or on {@code head} (producers). The other side
 * publishes, releases its lock (a locked instruction, which drains the store buffer), issues a full fence (cheap
 * then) and, if the flag is up, clears it and wakes: raise-then-recheck against publish-fence-check is a Dekker
 * handshake, and the futex re-checks the word in the kernel, so no wake-up is lost; clearing the flag makes a burst
 * of publications after one sleep cost one futex call. Every sleep is at most {@link Futex#SLICE_NANOS}, to notice interruption,
 * deadlines and dead peers.
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
    // A consumer being taken over finds here the record its dead predecessor was releasing.
    private static final long RELEASING_AT = 208, RELEASING_SIZE = 216;
    private static final long CONSUMERS_WAITING = 256, DATA_SEQ = 260, PRODUCERS_WAITING = 320;
    // Joinable queues: unfinished tasks and its sleepers.
    private static final long UNFINISHED = 384; // and its joiners at 388
    // Constants, written once by the creator.
    private static final long CAPACITY = 448, MAXSIZE = 456, BROKEN = 460, MAGIC = 464;
    private static final long DATA = 512;
    private static final int MAGIC_VALUE = 0x6d70_3471; // "mp4q"

    /** Spin before sleeping: a futex wake-up costs tens of microseconds between CPUs here. */
    private static final long SPIN_NANOS = Long.getLong("multiprocessing4j.queueSpinNanos", 30_000L);

    /** Copies up to this many bytes byte by byte: cheaper than a bulk copy's checks. */
    private static final int SMALL = 16;

    private static final int SPIN_BATCH = Integer.getInteger("multiprocessing4j.queueSpinBatch", 8);
    private static final int SPIN_BATCH_MAX = Integer.getInteger("multiprocessing4j.queueSpinBatchMax", 64);

    /** Returned by the put methods. */
    public static final int OK = 0, FULL = 1, TIMED_OUT = 2;

    private final Segment segment;
    private final MemorySegment mem;
    /**
     * The same memory as a direct buffer, for plain accesses and copies on the fast paths: its methods are plain
     * calls, which an interpreter runs far faster than var-handle chains, and a fresh worker JVM runs a queue's
     * first thousands of operations interpreted. Ordering comes from explicit fences (and the locks' atomics).
     */
    private final ByteBuffer buf;
    private final long capacity;
    private final long mask; // capacity is a power of two: an offset is a mask, not a division
    private final int maxsize;
    private final LockCore putLock;
    private final LockCore takeLock;

    private Ring(Segment segment) {
        this.segment = segment;
        this.mem = segment.memory();
        this.buf = mem.asByteBuffer().order(ByteOrder.nativeOrder());
        this.capacity = (long) LONG.getVolatile(mem, CAPACITY);
        this.mask = capacity - 1;
        this.maxsize = (int) INT.getVolatile(mem, MAXSIZE);
        this.putLock = new LockCore(segment, PUT_LOCK);
        this.takeLock = new LockCore(segment, TAKE_LOCK);
    }

    /**
     * A new ring of {@code capacity} bytes (rounded up to a power of two, at least 4096) holding at most
     * {@code maxsize} items ({@code <= 0}: unbounded in items).
     */
    public static Ring create(long capacity, int maxsize) {
        if (capacity < 64) throw new IllegalArgumentException("ring capacity must be at least 64 bytes: " + capacity);
        if (capacity > 1L << 30) throw new IllegalArgumentException("ring capacity must be at most 1 GiB: " + capacity);
        long cap = Math.max(4096, Long.highestOneBit(capacity - 1) << 1);
        Segment s = Segment.managed(DATA + cap);
        MemorySegment m = s.memory();
        LONG.setVolatile(m, CAPACITY, cap);
        INT.setVolatile(m, MAXSIZE, maxsize <= 0 ? Integer.MAX_VALUE : maxsize);
        INT.setVolatile(m, MAGIC, MAGIC_VALUE);
        return new Ring(s);
    }

    /** Attaches to the ring of another process (see {@code Segment.attachManaged}). */
    public static Ring attach(Segment segment) {
        MemorySegment m = segment.memory();
        long cap = segment.size() < DATA + 64 ? 0 : (long) LONG.getVolatile(m, CAPACITY);
        if (cap <= 0 || Long.bitCount(cap) != 1 || DATA + cap > segment.size()
                || (int) INT.getVolatile(m, MAGIC) != MAGIC_VALUE) {
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
     * or {@link #TIMED_OUT}. A record larger than the ring is refused when {@code nanos == 0}; otherwise, once it has
     * the lock and item room, it streams to the end however long the consumers take.
     */
    public int put(byte[] data, long nanos) throws InterruptedException {
        checkBroken();
        if (nanos == 0 && recordSize(data.length) > capacity) return FULL; // it could not enter without waiting for consumers
        long deadline = deadline(nanos);
        if (!lock(putLock, nanos, PUT_STREAMING)) return nanos == 0 ? FULL : TIMED_OUT;
        try {
            long record = recordSize(data.length);
            long tail = buf.getLong((int) (TAIL));
            if (!awaitItemRoom(deadline, nanos == 0)) return nanos == 0 ? FULL : TIMED_OUT;
            if (record <= capacity) {
                if (!awaitBytes(tail, record, deadline, nanos == 0)) return nanos == 0 ? FULL : TIMED_OUT;
                copyIn(data, 0, tail + 4, data.length);
                buf.putLong((int) PUTS, buf.getLong((int) (PUTS)) + 1);
                VarHandle.releaseFence(); // the payload before the header that publishes it
                buf.putInt((int) (DATA + offset(tail)), data.length + 1);
                buf.putLong((int) TAIL, tail + record);
            } else {
                streamIn(data, tail, record);
            }
        } finally {
            unlock(PUT_LOCK);
        }
        wakeConsumers();
        return OK;
    }

    /**
     * Appends {@code count} records already laid out in {@code chunk[0, length)} (as {@link #appendRecord} writes
     * them) under one lock acquisition: the producers' batching. Only for unbounded rings and chunks that fit; never
     * waits longer than {@code nanos} for the lock or bytes (0: not at all). Returns {@link #OK} or {@link #FULL}.
     */
    public int putRecords(byte[] chunk, int length, int count, long nanos) throws InterruptedException {
        checkBroken();
        if (maxsize != Integer.MAX_VALUE || length > capacity) throw new IllegalArgumentException("not a batch");
        long deadline = deadline(nanos);
        if (!lock(putLock, nanos, PUT_STREAMING)) return FULL;
        try {
            long tail = buf.getLong((int) TAIL);
            if (!awaitBytes(tail, length, deadline, nanos == 0)) return FULL;
            copyIn(chunk, 4, tail + 4, length - 4); // every record but the first header, which publishes them all
            buf.putLong((int) PUTS, buf.getLong((int) PUTS) + count);
            VarHandle.releaseFence();
            int first = Bytes.getInt(chunk, 0);
            buf.putInt((int) (DATA + offset(tail)), LITTLE ? Integer.reverseBytes(first) : first);
            buf.putLong((int) TAIL, tail + length);
        } finally {
            unlock(PUT_LOCK);
        }
        wakeConsumers();
        return OK;
    }

    /**
     * Lays out one record of {@code data} at {@code chunk[at...]} for {@link #putRecords}, padding zeroed; returns
     * the position after it. The caller makes sure {@code chunk} has {@link #recordSize} bytes free at {@code at}.
     */
    public static int appendRecord(byte[] chunk, int at, byte[] data) {
        int len = data.length;
        Bytes.putInt(chunk, at, LITTLE ? Integer.reverseBytes(len + 1) : len + 1); // the ring's headers: native order
        System.arraycopy(data, 0, chunk, at + 4, len);
        int end = (int) (at + recordSize(len));
        for (int i = at + 4 + len; i < end; i++) chunk[i] = 0;
        return end;
    }

    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** Items the consumers have yet to take, as seen by a producer (one read of the consumers' line). */
    public long unconsumed() {
        return buf.getLong((int) PUTS) - (long) LONG.getVolatile(mem, TAKES);
    }

    private void streamIn(byte[] data, long tail, long record) throws InterruptedException {
        // An oversized record: the consumer takes it piece by piece; nothing here can time out halfway.
        INT.setVolatile(mem, PUT_STREAMING, 1);
        long written = 0;
        while (written < record) {
            if (!awaitBytes(tail, 4, Long.MAX_VALUE, false)) throw new IllegalStateException("unreachable");
            long free = capacity - (tail - buf.getLong((int) (CACHED_HEAD)));
            long n = Math.min(free, record - written);
            long from = Math.max(written, 4), to = Math.min(written + n, 4L + data.length); // payload in this chunk
            if (to > from) copyIn(data, (int) (from - 4), tail + (from - written), (int) (to - from));
            if (written == 0) INT.setRelease(mem, DATA + offset(tail), data.length + 1);
            written += n;
            tail += n;
            if (written == record) {
                buf.putLong((int) PUTS, buf.getLong((int) (PUTS)) + 1);
                INT.setVolatile(mem, PUT_STREAMING, 0);
            }
            LONG.setVolatile(mem, TAIL, tail);
            VarHandle.fullFence();
            wakeConsumers();
        }
    }

    /** Call after publishing and releasing the put lock (whose locked instruction already drained the stores). */
    private void wakeConsumers() {
        VarHandle.fullFence(); // the store-load half of the handshake with sleepers; nearly free after the release
        if (buf.getInt((int) CONSUMERS_WAITING) != 0 && (int) INT.getAndSet(mem, CONSUMERS_WAITING, 0) != 0) {
            INT.getAndAdd(mem, DATA_SEQ, 1);
            Futex.wake(mem.address() + DATA_SEQ, Integer.MAX_VALUE);
            Reference.reachabilityFence(segment);
        }
    }

    /** Waits (holding the put lock) until fewer than maxsize items are in the ring. */
    private boolean awaitItemRoom(long deadline, boolean noWait) throws InterruptedException {
        if (maxsize == Integer.MAX_VALUE) return true;
        long puts = buf.getLong((int) (PUTS));
        if (puts - buf.getLong((int) (CACHED_TAKES)) < maxsize) return true;
        return awaitProducerCondition(deadline, noWait, () -> {
            long takes = (long) LONG.getVolatile(mem, TAKES);
            buf.putLong((int) CACHED_TAKES, takes);
            return puts - takes < maxsize;
        });
    }

    /** Waits (holding the put lock) until {@code need} bytes are free after {@code tail}. */
    private boolean awaitBytes(long tail, long need, long deadline, boolean noWait) throws InterruptedException {
        if (capacity - (tail - buf.getLong((int) (CACHED_HEAD))) >= need) return true;
        return awaitProducerCondition(deadline, noWait, () -> {
            long head = (long) LONG.getVolatile(mem, HEAD);
            buf.putLong((int) CACHED_HEAD, head);
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

    /** {@link #put} for a queue's {@code put}: a wait ({@code nanos != 0}) is a JFR queue-wait event "put". */
    public int putRecorded(byte[] data, long nanos) throws InterruptedException {
        QueueWaitEvent w = nanos != 0 ? QueueWaits.begin() : null;
        int r = OK; // an interrupted put did not time out
        try {
            r = put(data, nanos);
            return r;
        } finally {
            QueueWaits.end(w, segment().name(), "put", r != OK);
        }
    }

    /** {@link #take} for a queue's {@code get}: a wait ({@code nanos != 0}) is a JFR queue-wait event "get". */
    public byte[] takeRecorded(long nanos) throws InterruptedException {
        QueueWaitEvent w = nanos != 0 ? QueueWaits.begin() : null;
        boolean timedOut = false; // an interrupted take did not time out
        try {
            byte[] b = take(nanos);
            timedOut = b == null;
            return b;
        } finally {
            QueueWaits.end(w, segment().name(), "get", timedOut);
        }
    }

    // ---------------------------------------------------------------- take

    /**
     * Removes the oldest record, waiting up to {@code nanos} (negative: no limit; 0: not at all). Returns null if
     * there was none in time.
     */
    public byte[] take(long nanos) throws InterruptedException {
        checkBroken();
        long deadline = deadline(nanos);
        if (!lock(takeLock, nanos, TAKE_STREAMING)) return null;
        byte[] out;
        try {
            long head = buf.getLong((int) (HEAD));
            if (!awaitRecord(head, deadline, nanos == 0)) return null;
            int len = header(head) - 1;
            long record = recordSize(len);
            out = new byte[len];
            if (record <= capacity) {
                copyOut(head + 4, out, 0, len);
                buf.putLong((int) RELEASING_AT, head);
                buf.putLong((int) RELEASING_SIZE, record);
                release(head, record);
            } else {
                streamOut(out, head, record);
            }
        } finally {
            unlock(TAKE_LOCK);
        }
        wakeProducers();
        return out;
    }

    /** Zeroes a consumed record and gives its space back (holding the take lock). */
    private void release(long head, long record) {
        zero(head, record);
        buf.putLong((int) TAKES, buf.getLong((int) (TAKES)) + 1);
        VarHandle.releaseFence(); // the zeroes before the head that hands the space to producers
        buf.putLong((int) HEAD, head + record);
    }

    /** Reads the oldest record without removing it; null if none. Only for records that fit in the ring. */
    public byte[] peek() throws InterruptedException {
        checkBroken();
        if (!lock(takeLock, 0, TAKE_STREAMING)) return null;
        try {
            long head = buf.getLong((int) (HEAD));
            int h = header(head);
            if (h == 0) return null;
            if (recordSize(h - 1) > capacity) {
                throw new UnsupportedOperationException("peek at an item larger than the queue's ring ("
                        + capacity + " bytes)");
            }
            byte[] out = new byte[h - 1];
            copyOut(head + 4, out, 0, h - 1);
            return out;
        } finally {
            takeLock.release();
        }
    }

    private void streamOut(byte[] out, long head, long record) throws InterruptedException {
        INT.setVolatile(mem, TAKE_STREAMING, 1);
        long read = 0;
        while (read < record) {
            if (!awaitTail(head, Long.MAX_VALUE)) throw new IllegalStateException("unreachable");
            long avail = buf.getLong((int) (CACHED_TAIL)) - head;
            long n = Math.min(avail, record - read);
            long from = Math.max(read, 4), to = Math.min(read + n, 4L + out.length); // payload in this chunk
            if (to > from) copyOut(head + (from - read), out, (int) (from - 4), (int) (to - from));
            zero(head, n);
            read += n;
            head += n;
            if (read == record) {
                buf.putLong((int) TAKES, buf.getLong((int) (TAKES)) + 1);
                INT.setVolatile(mem, TAKE_STREAMING, 0);
            }
            LONG.setVolatile(mem, HEAD, head);
            wakeProducers();
        }
    }

    /** Call after giving space back and releasing the take lock. */
    private void wakeProducers() {
        VarHandle.fullFence();
        if (buf.getInt((int) PRODUCERS_WAITING) != 0 && (int) INT.getAndSet(mem, PRODUCERS_WAITING, 0) != 0) {
            Futex.wake(mem.address() + HEAD, Integer.MAX_VALUE);
            Reference.reachabilityFence(segment);
        }
    }

    /** The header at {@code position}, with acquire semantics (plain load, then fence: cheap before compilation). */
    private int header(long position) {
        int h = buf.getInt((int) (DATA + offset(position)));
        VarHandle.acquireFence();
        return h;
    }

    /** The same through a var handle, for loops that spin on it (a plain load could be hoisted out of them). */
    private int headerSpinning(long position) {
        return (int) INT.getAcquire(mem, DATA + offset(position));
    }

    /** Waits (holding the take lock) until a record is published at {@code head}. */
    private boolean awaitRecord(long head, long deadline, boolean noWait) throws InterruptedException {
        if (header(head) != 0) return true;
        if (noWait) return false;
        return await(deadline, () -> headerSpinning(head) != 0, DATA_SEQ, CONSUMERS_WAITING, putLock);
    }

    /** Waits (holding the take lock, mid-stream) until bytes after {@code head} are published; see CACHED_TAIL. */
    private boolean awaitTail(long head, long deadline) throws InterruptedException {
        if (buf.getLong((int) (CACHED_TAIL)) - head > 0) return true;
        return await(deadline, () -> {
            long tail = (long) LONG.getVolatile(mem, TAIL);
            buf.putLong((int) CACHED_TAIL, tail);
            return tail - head > 0;
        }, DATA_SEQ, CONSUMERS_WAITING, putLock);
    }

    // ---------------------------------------------------------------- waiting

    /** As {@link Words#deadline}, without reading the clock when there is nothing to time (the fast path). */
    private static long deadline(long nanos) {
        return nanos <= 0 ? Long.MAX_VALUE : Words.deadline(nanos); // 0 never waits: callers pass noWait
    }

    /**
     * Spins, then sleeps on the low word of the position at {@code word} until {@code check} passes or the deadline.
     * While sleeping mid-record, a dead holder of {@code peerLock} that was streaming means the ring is broken.
     */
    private boolean await(long deadline, Check check, long word, long waitingCounter, LockCore peerLock)
            throws InterruptedException {
        long spinEnd = System.nanoTime() + SPIN_NANOS;
        int pauses = SPIN_BATCH;
        while (System.nanoTime() - spinEnd < 0) {
            // Look at the other side's line less and less often: each look takes the line away from the writer
            // (and a spinning hyperthread slows its sibling), while items that accumulate meanwhile are collected
            // by one look.
            for (int i = 0; i < pauses; i++) Thread.onSpinWait();
            if (check.ok()) return true;
            if (Words.remaining(deadline) <= 0) return false;
            pauses = Math.min(pauses * 2, SPIN_BATCH_MAX);
        }
        try {
            return sleepUntil(deadline, check, word, waitingCounter, peerLock);
        } finally {
            buf.putInt((int) waitingCounter, 0); // we are the side's only waiter: spare the other side a futex call
        }
    }

    private boolean sleepUntil(long deadline, Check check, long word, long waitingCounter, LockCore peerLock)
            throws InterruptedException {
        while (true) {
            // Raise the side's "wake me" flag before every look. The other side clears it when it wakes us, so a
            // burst of puts after one sleep costs one futex call, not one per put. Only the holder of a side's lock
            // ever sleeps here, so a flag is enough.
            INT.getAndSet(mem, waitingCounter, 1);
            int seen = (int) INT.getVolatile(mem, word); // read before the check: a change after it wakes us
            if (check.ok()) return true;
            if (Thread.interrupted()) throw new InterruptedException();
            long remaining = Words.remaining(deadline);
            if (remaining <= 0) return false;
            Futex.await(mem.address() + word, seen, remaining);
            Reference.reachabilityFence(segment);
            checkPeer(peerLock);
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
        if (INT.compareAndSet(mem, lock.offset(), 0, Pids.SELF)) return true; // LockCore's own first step, inlined
        int r = lock.acquire(nanos, true);
        if (r == LockCore.TIMED_OUT) return false;
        if (r == LockCore.OWNER_DIED && (int) INT.getVolatile(mem, streamingFlag) != 0) {
            markBroken();
            lock.release();
            checkBroken();
        }
        if (r == LockCore.OWNER_DIED && lock == takeLock) {
            // The dead consumer may have been releasing a record: finish that, or the zeroed header would stall us.
            long head = buf.getLong((int) (HEAD));
            if (buf.getLong((int) (RELEASING_AT)) == head && buf.getLong((int) (RELEASING_SIZE)) > 0) {
                release(head, buf.getLong((int) (RELEASING_SIZE)));
            }
        }
        return true;
    }

    /**
     * Releases a side's lock as {@link LockCore#release()} does, less the owner-thread word, which these locks never
     * set: one atomic instruction.
     */
    private void unlock(long lockOffset) {
        if (((int) INT.getAndSet(mem, lockOffset, 0) & LockCore.WAITERS) != 0) {
            Futex.wake(mem.address() + lockOffset, 1);
            Reference.reachabilityFence(segment);
        }
    }

    private void markBroken() {
        INT.setVolatile(mem, BROKEN, 1);
        INT.getAndAdd(mem, DATA_SEQ, 1);
        Futex.wake(mem.address() + DATA_SEQ, Integer.MAX_VALUE);
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
        return header((long) LONG.getVolatile(mem, HEAD)) != 0;
    }

    /** The unfinished-task count of a joinable queue, kept in this ring's segment. */
    public TaskCounter tasks() {
        return new TaskCounter(segment, UNFINISHED);
    }

    // ---------------------------------------------------------------- bytes

    private long offset(long position) {
        return position & mask;
    }

    /** Bytes a record of {@code len} payload bytes takes in the ring. */
    public static long recordSize(int len) {
        return (4L + len + 3) & ~3L;
    }

    private void copyIn(byte[] src, int from, long position, int len) {
        long off = offset(position);
        if (len <= SMALL && off + len <= capacity) {
            int at = (int) (DATA + off);
            for (int i = 0; i < len; i++) buf.put(at + i, src[from + i]);
            return;
        }
        int first = (int) Math.min(len, capacity - off);
        buf.put((int) (DATA + off), src, from, first);
        if (first < len) buf.put((int) DATA, src, from + first, len - first);
    }

    private void zero(long position, long len) {
        long off = offset(position);
        if (len <= 64 && off + len <= capacity) { // a small record: word stores beat a bulk fill's checks
            int at = (int) (DATA + off);
            for (int i = 0; i < len; i += 4) buf.putInt(at + i, 0);
            return;
        }
        long first = Math.min(len, capacity - off);
        mem.asSlice(DATA + off, first).fill((byte) 0);
        if (first < len) mem.asSlice(DATA, len - first).fill((byte) 0);
    }

    private void copyOut(long position, byte[] dst, int to, int len) {
        long off = offset(position);
        if (len <= SMALL && off + len <= capacity) {
            int at = (int) (DATA + off);
            for (int i = 0; i < len; i++) dst[to + i] = buf.get(at + i);
            return;
        }
        int first = (int) Math.min(len, capacity - off);
        buf.get((int) (DATA + off), dst, to, first);
        if (first < len) buf.get((int) DATA, dst, to + first, len - first);
    }
}
