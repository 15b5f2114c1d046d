package org.multiprocessing4j.hazelcast;

import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.hazelcast.internal.ClusterClient;
import org.multiprocessing4j.hazelcast.internal.HzConfigs;
import org.multiprocessing4j.hazelcast.internal.Semaphores;

/**
 * A cluster-wide counting semaphore, on what Community Edition offers: an {@code IMap} entry changed atomically by
 * entry processors (the CP Subsystem's {@code ISemaphore} is Enterprise-only). Python's {@code Semaphore} across
 * machines, with {@link java.util.concurrent.Semaphore}'s method names.
 *
 * <p><b>Guarantees.</b> Each acquire and release is atomic on the member that owns the semaphore's key, and is
 * replayed on one backup: while the cluster is healthy the number of permits held is never more than the permits
 * released into it, and the state survives the crash of one member (once the cluster is safe, see
 * {@link ClusterQueue}). Permits belong to the client (any thread may release them, as with
 * {@code java.util.concurrent.Semaphore}); the permits a client holds are returned when it closes its
 * {@link Cluster}, or when it stops refreshing its liveness for the holder timeout (it crashed or was cut off) — after which a client
 * that comes back no longer holds them. During a network partition each side may hand out the same permits. Waiters
 * are woken by a change of the semaphore anywhere in the cluster, and look again at least every second in case a
 * notification was lost in a reconnection. Not fair: a waiting thread may be overtaken.
 *
 * <p>Interruption: every blocking method throws {@link InterruptedException}, and then holds nothing it did not hold.
 *
 * <p>Memory consistency effects: actions prior to {@code release()} happen-before actions after a successful acquire
 * that obtained the released permits, in whichever process acquires them.
 */
public final class ClusterSemaphore {
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private final ClusterClient client;
    private final String name;
    private final IMap<String, Semaphores.State> map;

    ClusterSemaphore(ClusterClient client, String name, int permits) {
        if (permits < 0) throw new IllegalArgumentException("permits must be >= 0");
        this.client = client;
        this.name = Objects.requireNonNull(name, "name");
        this.map = client.hz.getMap(HzConfigs.SEMAPHORES);
        map.executeOnKey(name, new Semaphores.Op(Semaphores.INIT, permits, client.holderId));
    }

    /** {@return the semaphore's name} */
    public String name() {
        return name;
    }

    private int op(byte op, int n) {
        Integer r = map.executeOnKey(name, new Semaphores.Op(op, n, client.holderId));
        if (r == null || r == -1 || r == Integer.MIN_VALUE) {
            throw new IllegalStateException("cluster semaphore '" + name + "' no longer exists (its map was cleared)");
        }
        return r;
    }

    /**
     * Acquires one permit, waiting for it.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        acquire(1);
    }

    /**
     * Acquires {@code permits} permits at once, waiting for them.
     *
     * @param permits how many
     * @throws InterruptedException if interrupted while waiting
     */
    public void acquire(int permits) throws InterruptedException {
        tryAcquire(permits, -1);
    }

    /** {@return true if one permit was free and is now held} */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Acquires {@code permits} permits if they are free now.
     *
     * @param permits how many
     * @return true if acquired
     */
    public boolean tryAcquire(int permits) {
        check(permits);
        return op(Semaphores.ACQUIRE, permits) == 1;
    }

    /**
     * Acquires one permit, waiting up to {@code timeout}.
     *
     * @param timeout how long to wait
     * @return true if acquired, false on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return tryAcquire(1, timeout);
    }

    /**
     * Acquires {@code permits} permits, waiting up to {@code timeout}.
     *
     * @param permits how many
     * @param timeout how long to wait
     * @return true if acquired, false on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean tryAcquire(int permits, Duration timeout) throws InterruptedException {
        return tryAcquire(permits, Math.max(0, timeout.toNanos()));
    }

    /** Acquires, waiting up to {@code nanos} (negative: forever). */
    private boolean tryAcquire(int permits, long nanos) throws InterruptedException {
        check(permits);
        ClusterClient.Signal signal = client.signal(name);
        long deadline = System.nanoTime() + nanos;
        while (true) {
            if (Thread.interrupted()) throw new InterruptedException();
            long seen = signal.seen();
            if (op(Semaphores.ACQUIRE, permits) == 1) return true;
            long left = nanos < 0 ? RECHECK_NANOS : deadline - System.nanoTime();
            if (left <= 0) return false;
            signal.await(seen, Math.min(left, RECHECK_NANOS));
        }
    }

    /** Releases one permit. */
    public void release() {
        release(1);
    }

    /**
     * Releases {@code permits} permits (they need not have been acquired by this client, as with
     * {@link java.util.concurrent.Semaphore}).
     *
     * @param permits how many
     */
    public void release(int permits) {
        check(permits);
        op(Semaphores.RELEASE, permits);
    }

    /** {@return the permits free now (a snapshot)} */
    public int availablePermits() {
        return op(Semaphores.AVAILABLE, 0);
    }

    /** {@return the permits that were free, all acquired now by this client} */
    public int drainPermits() {
        return op(Semaphores.DRAIN, 0);
    }

    private static void check(int permits) {
        if (permits < 1) throw new IllegalArgumentException("permits must be at least 1");
    }

    @Override
    public String toString() {
        return "ClusterSemaphore[" + name + "]";
    }
}
