package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.pool.BrokenProcessPoolException;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.ResultIterator;

/**
 * Members SIGKILLed in the middle of a map, on a fresh 3-member cluster (separate JVMs) each: the map ends per the
 * member loss policy, within bounds, and nothing of the cluster is left running afterwards.
 */
@Timeout(150)
class MemberLossTest {
    private static final int ITEMS = 1200; // 20 ms each, chunks of 4: about 4 s of work on 6 workers

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    static List<Integer> squares(int n) {
        return range(n).stream().map(x -> x * x).toList();
    }

    /** Iterates an imap, SIGKILLing the given members once 100 results have arrived; returns the results. */
    private static List<Integer> mapKillingMidway(LocalCluster members, Pool pool, int... kill) throws Exception {
        List<Integer> got = new ArrayList<>();
        try (ResultIterator<Integer> it = pool.imap(Tasks::slowSquare, range(ITEMS), 4)) {
            while (it.hasNext()) {
                got.add(it.next());
                if (got.size() == 100) for (int k : kill) members.kill(k);
            }
        }
        return got;
    }

    @Test
    void withRetryTheMapCompletesCorrectlyOnTheOtherMembers() throws Exception {
        LocalCluster closed;
        try (LocalCluster members = Clusters.start(3);
             Cluster cluster = Cluster.connect(Clusters.client(members).memberLoss(MemberLossPolicy.RETRY, 3).build());
             Pool pool = cluster.pool(6)) {
            closed = members;
            assertEquals(squares(ITEMS), mapKillingMidway(members, pool, 1), "every item, in order, despite the loss");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (cluster.members().size() != 2 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(2, cluster.members().size(), "the killed member left the cluster: " + cluster.members());
            assertEquals(squares(50), pool.map(Tasks::square, range(50)), "the pool goes on, replaced workers included");
            assertFalse(pool.map(Tasks::member, range(60), 1).contains(members.memberName(1)));
            assertTrue(Files.isDirectory(Clusters.CACHE.resolve(members.memberName(0)).resolve("jars")),
                    "a member caches the shipped class path");
        }
        for (int i = 0; i < 3; i++) {
            assertFalse(Files.exists(Clusters.CACHE.resolve(closed.memberName(i))), "no cluster can use it: deleted at close");
        }
    }

    @Test
    void withFailTheMapFailsWithMemberLostExceptionAndThePoolGoesOn() throws Exception {
        try (LocalCluster members = Clusters.start(3);
             Cluster cluster = Cluster.connect(Clusters.client(members).memberLoss(MemberLossPolicy.FAIL, 0).build());
             Pool pool = cluster.pool(6)) {
            long t0 = System.nanoTime();
            MemberLostException e = assertThrows(MemberLostException.class, () -> mapKillingMidway(members, pool, 2));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(60).toNanos(), "no hang");
            assertEquals(members.memberName(2), e.member());
            assertTrue(e.getMessage().contains("was lost while it held chunk #"), e.getMessage());
            assertTrue(e.getMessage().contains("member " + members.memberName(2)), e.getMessage());
            assertEquals(squares(50), pool.map(Tasks::square, range(50)), "the pool goes on on the other members");
        }
    }

    @Test
    void aClusterShrinkingToNothingFailsTheMapWithinTheMemberWait() throws Exception {
        try (LocalCluster members = Clusters.start(3);
             Cluster cluster = Cluster.connect(Clusters.client(members).build());
             Pool pool = cluster.pool(6)) {
            long[] killedAt = new long[1];
            List<Integer> got = new ArrayList<>();
            RuntimeException e = assertThrows(RuntimeException.class, () -> {
                try (ResultIterator<Integer> it = pool.imap(Tasks::slowSquare, range(ITEMS), 4)) {
                    while (it.hasNext()) {
                        got.add(it.next());
                        if (got.size() == 100) {
                            for (int k = 0; k < 3; k++) members.kill(k);
                            killedAt[0] = System.nanoTime();
                        }
                    }
                }
            });
            long took = System.nanoTime() - killedAt[0];
            // member wait (6 s) after the losses are noticed (at once here: the connections break), plus slack
            assertTrue(took < Duration.ofSeconds(30).toNanos(), "failed after " + took / 1_000_000 + " ms");
            BrokenProcessPoolException broken = assertInstanceOf(BrokenProcessPoolException.class, e, String.valueOf(e));
            assertTrue(broken.getMessage().contains("no cluster member could start a worker within 6 s"), broken.getMessage());
            assertThrows(RejectedExecutionException.class, () -> pool.applyAsync(Tasks::square, 1));
        }
    }
}
