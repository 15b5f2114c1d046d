package org.multiprocessing4j.hazelcast;

import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.multiprocessing4j.hazelcast.internal.ClusterClient;
import org.multiprocessing4j.hazelcast.internal.HzConfigs;

/**
 * A cluster-wide reentrant lock, on what Community Edition offers: the per-key lock of a Hazelcast {@code IMap}
 * (the CP Subsystem's {@code FencedLock} is Enterprise-only). Python's {@code Lock}/{@code RLock} across machines.
 *
 * <p><b>Guarantees.</b> While the cluster is healthy, at most one thread in the cluster holds it. The owner is a
 * thread of a client: only that thread may unlock it (others get {@link IllegalMonitorStateException}), and it may
 * lock it again (reentrant; as many unlocks as locks). The lock state lives on the key's partition owner and one
 * backup: it survives the crash of one member (once the cluster is safe, see {@link ClusterQueue}). A lock held by
 * a client that dies or is cut off is released once Hazelcast declares that client gone (the members' client
 * heartbeat timeout). What it does <em>not</em> give: fencing — a holder paused longer than that timeout (GC,
 * suspension) may still believe it holds the lock after it was released and taken by another; and during a network
 * partition each side may grant it. Protect shared resources that must never see two writers with a fencing token
 * of their own, or use a lease ({@link #lock(Duration)}) to bound how long a lock can outlive its holder.
 *
 * <p>Interruption: {@link #lockInterruptibly()} and {@link #tryLock(long, TimeUnit)} throw
 * {@link InterruptedException}; {@link #lock()} waits uninterruptibly, as {@link Lock} allows. Conditions are not
 * supported.
 *
 * <p>Memory consistency effects: actions prior to {@code unlock()} happen-before actions after a subsequent
 * successful lock of the same cluster lock, in whichever process takes it.
 */
public final class ClusterLock implements Lock {
    private final String name;
    private final IMap<String, Boolean> locks;

    ClusterLock(ClusterClient client, String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.locks = client.hz.getMap(HzConfigs.LOCKS);
    }

    /** {@return the lock's name} */
    public String name() {
        return name;
    }

    @Override
    public void lock() {
        locks.lock(name);
    }

    /**
     * Locks with a lease: the cluster releases the lock after {@code lease} even if this thread does not.
     *
     * @param lease how long the lock may be held at most
     */
    public void lock(Duration lease) {
        locks.lock(name, lease.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        while (!locks.tryLock(name, 1, TimeUnit.DAYS)) {
            if (Thread.interrupted()) throw new InterruptedException();
        }
    }

    @Override
    public boolean tryLock() {
        return locks.tryLock(name);
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        return locks.tryLock(name, time, unit);
    }

    /**
     * Unlocks (once, for a reentrant hold).
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     */
    @Override
    public void unlock() {
        locks.unlock(name);
    }

    /** {@return whether any thread of the cluster holds the lock now (a snapshot)} */
    public boolean isLocked() {
        return locks.isLocked(name);
    }

    /**
     * Not supported: Community Edition has no distributed condition.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a cluster lock has no conditions (Hazelcast Community Edition has "
                + "no distributed condition); use a ClusterQueue to wait for work");
    }

    @Override
    public String toString() {
        return "ClusterLock[" + name + (isLocked() ? ", locked]" : ", unlocked]");
    }
}
