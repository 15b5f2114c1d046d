package org.multiprocessing4j.examples;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.multiprocessing4j.hazelcast.Cluster;
import org.multiprocessing4j.hazelcast.ClusterConfig;
import org.multiprocessing4j.hazelcast.ClusterQueue;
import org.multiprocessing4j.pool.Pool;

/**
 * The cluster walkthrough's client ({@code bin/example cluster-demo}): the same {@link Pool} code as on one machine,
 * with the cluster's context; prints where the tasks ran and checks the results against a local computation. Needs
 * the cluster module and Hazelcast on the class path ({@code bin/example} has them; the shaded jar does not).
 *
 * <pre>MP4J_CLUSTER_SECRET=... bin/example cluster-demo --cluster-name demo --members 127.0.0.1:5701 [--items 2000]</pre>
 */
public final class ClusterDemo {
    private ClusterDemo() {}

    /**
     * A result and where it was computed: a class of this program, shipped to the members with it.
     *
     * @param primes the primes below the input
     * @param member the member whose worker computed it
     */
    record Counted(long primes, String member) implements Serializable {}

    /** CPU-bound: the primes below {@code n}, by trial division. */
    static long primesBelow(int n) {
        long count = 0;
        for (int k = 2; k < n; k++) {
            boolean prime = true;
            for (int d = 2; (long) d * d <= k; d++) {
                if (k % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) count++;
        }
        return count;
    }

    static Counted count(int n) {
        return new Counted(primesBelow(n), System.getProperty("mp4j.cluster.member", "this machine"));
    }

    /**
     * Connects, maps, checks, and prints.
     *
     * @param args {@code --cluster-name NAME}, {@code --members HOST:PORT,...}, {@code --items N}
     * @throws Exception if the cluster cannot be reached or a task fails
     */
    public static void main(String[] args) throws Exception {
        String name = "demo", members = "127.0.0.1:5701";
        int items = 2000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--cluster-name" -> name = args[i + 1];
                case "--members" -> members = args[i + 1];
                case "--items" -> items = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ClusterConfig config = ClusterConfig.builder().clusterName(name).members(members.split(","))
                .secretFromEnvironment().build();
        List<Integer> inputs = IntStream.range(0, items).map(i -> 20_000 + i * 10).boxed().toList();
        try (Cluster cluster = Cluster.connect(config)) {
            System.out.println("cluster '" + name + "': members " + cluster.members() + ", capacity " + cluster.capacity());
            long t0 = System.nanoTime();
            List<Counted> results;
            try (Pool pool = Pool.builder().context(cluster.context()).processes(cluster.capacity()).build()) {
                results = pool.map(ClusterDemo::count, inputs, 20);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Map<String, Integer> perMember = new TreeMap<>();
            for (Counted c : results) perMember.merge(c.member(), 1, Integer::sum);
            boolean ok = true;
            for (int i = 0; i < items; i++) ok &= results.get(i).primes() == primesBelow(inputs.get(i));
            System.out.println("map of " + items + " prime counts in " + ms + " ms (pool start included); tasks per member: "
                    + perMember);
            System.out.println("results in input order and equal to a local computation: " + ok);

            ClusterQueue<String> queue = cluster.queue("demo-queue");
            queue.put("hello through the cluster");
            System.out.println("queue round trip: " + queue.poll(10, TimeUnit.SECONDS));
            if (!ok) System.exit(1);
        }
    }
}
