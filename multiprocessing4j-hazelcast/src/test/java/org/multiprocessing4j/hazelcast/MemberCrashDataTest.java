package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.*;

import com.hazelcast.cluster.Member;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queue, lock and semaphore keep their state when the member that owns it crashes (one backup each): three
 * embedded members, the owner of all three structures' partitions terminated without any goodbye.
 */
@Timeout(120)
class MemberCrashDataTest {
    /** A name whose partition the given member owns. */
    private static String ownedBy(Cluster c, Member owner, String prefix) {
        for (int i = 0; ; i++) {
            String name = prefix + i;
            if (owner.equals(c.hazelcast().getPartitionService().getPartition(name).getOwner())) return name;
        }
    }

    /** Waits until every partition's backup is in sync (Hazelcast's "cluster safe"). */
    private static void awaitSafe(EmbeddedMembers members) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!members.members.get(0).hazelcast().getPartitionService().isClusterSafe()) {
            assertTrue(System.nanoTime() < deadline, "the cluster did not become safe within 30 s");
            Thread.sleep(50);
        }
    }

    @Test
    void queueLockAndSemaphoreSurviveTheCrashOfTheirOwner() throws Exception {
        try (EmbeddedMembers members = new EmbeddedMembers(3); Cluster c = Cluster.connect(members.client().build())) {
            awaitSafe(members); // the partitions have settled after the joins: every one has its backup
            String queueName = "survive";
            Member owner = c.hazelcast().getPartitionService().getPartition("mp4j.queue." + queueName).getOwner();
            String lockName = ownedBy(c, owner, "lock-");
            String semName = ownedBy(c, owner, "sem-");
            ClusterQueue<Integer> q = c.queue(queueName);
            for (int i = 0; i < 200; i++) q.put(i);
            ClusterLock lock = c.lock(lockName);
            lock.lock();
            ClusterSemaphore sem = c.semaphore(semName, 3);
            sem.acquire(2);

            awaitSafe(members); // the state above is on its backups
            ClusterMember victim = members.members.stream()
                    .filter(m -> m.hazelcast().getCluster().getLocalMember().getUuid().equals(owner.getUuid()))
                    .findFirst().orElseThrow();
            victim.hazelcast().getLifecycleService().terminate(); // a crash: no migration, no goodbye
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.hazelcast().getCluster().getMembers().size() != 2 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(2, c.hazelcast().getCluster().getMembers().size(), "the crashed member was removed");

            for (int i = 0; i < 200; i++) assertEquals(i, q.poll(10, TimeUnit.SECONDS), "element " + i);
            assertNull(q.poll());
            assertTrue(lock.isLocked(), "still held");
            java.util.concurrent.atomic.AtomicReference<Boolean> took = new java.util.concurrent.atomic.AtomicReference<>();
            Thread other = Thread.ofPlatform().start(() -> took.set(lock.tryLock()));
            other.join(30_000);
            assertEquals(Boolean.FALSE, took.get(), "another thread cannot take it");
            lock.unlock();
            assertFalse(lock.isLocked());
            assertEquals(1, sem.availablePermits(), "2 of 3 still acquired");
            sem.release(2);
            assertEquals(3, sem.availablePermits());
        }
    }
}
